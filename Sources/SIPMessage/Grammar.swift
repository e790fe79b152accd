import StackCore

/// Character classes of the RFC 3261 §25 ABNF.
enum Grammar {
    /// token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")
    @inline(__always) static func isToken(_ c: UInt8) -> Bool {
        switch c {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        case 0x2D, 0x2E, 0x21, 0x25, 0x2A, 0x5F, 0x2B, 0x60, 0x27, 0x7E: return true
        default: return false
        }
    }

    /// word (Call-ID) = token characters plus ( ) < > : \ " / [ ] ? { }
    @inline(__always) static func isWord(_ c: UInt8) -> Bool {
        switch c {
        case 0x28, 0x29, 0x3C, 0x3E, 0x3A, 0x5C, 0x22, 0x2F, 0x5B, 0x5D, 0x3F, 0x7B, 0x7D: return true
        default: return isToken(c)
        }
    }

    /// unreserved = alphanum / mark, mark = "-" / "_" / "." / "!" / "~" / "*" / "'" / "(" / ")"
    @inline(__always) static func isUnreserved(_ c: UInt8) -> Bool {
        switch c {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        case 0x2D, 0x5F, 0x2E, 0x21, 0x7E, 0x2A, 0x27, 0x28, 0x29: return true
        default: return false
        }
    }

    /// user = 1*(unreserved / escaped / user-unreserved), user-unreserved = & = + $ , ; ? /
    @inline(__always) static func isUserChar(_ c: UInt8) -> Bool {
        switch c {
        case 0x26, 0x3D, 0x2B, 0x24, 0x2C, 0x3B, 0x3F, 0x2F: return true
        default: return isUnreserved(c)
        }
    }

    /// password = *(unreserved / escaped / "&" / "=" / "+" / "$" / ",")
    @inline(__always) static func isPasswordChar(_ c: UInt8) -> Bool {
        switch c {
        case 0x26, 0x3D, 0x2B, 0x24, 0x2C: return true
        default: return isUnreserved(c)
        }
    }

    /// paramchar = param-unreserved / unreserved / escaped, param-unreserved = [ ] / : & + $
    @inline(__always) static func isParamChar(_ c: UInt8) -> Bool {
        switch c {
        case 0x5B, 0x5D, 0x2F, 0x3A, 0x26, 0x2B, 0x24: return true
        default: return isUnreserved(c)
        }
    }

    /// hname / hvalue characters: hnv-unreserved = [ ] / ? : + $, plus unreserved / escaped
    @inline(__always) static func isHeaderChar(_ c: UInt8) -> Bool {
        switch c {
        case 0x5B, 0x5D, 0x2F, 0x3F, 0x3A, 0x2B, 0x24: return true
        default: return isUnreserved(c)
        }
    }

    /// Characters of a host name or IPv4 address (with `_` accepted as real deployments use it).
    @inline(__always) static func isHostChar(_ c: UInt8) -> Bool {
        switch c {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x2E, 0x5F: return true
        default: return false
        }
    }

    /// A byte that may follow "%" as part of an escape: a complete `%HH` must be checked by the caller.
    @inline(__always) static func isEscapeStart(_ c: UInt8) -> Bool { c == 0x25 }

    /// Characters allowed in the opaque part of a URI of a scheme we do not know.
    @inline(__always) static func isOpaqueURIChar(_ c: UInt8) -> Bool {
        c > 0x20 && c < 0x7F && c != 0x3C && c != 0x3E && c != 0x22
    }

    /// Scheme characters after the first letter: ALPHA / DIGIT / "+" / "-" / "."
    @inline(__always) static func isSchemeChar(_ c: UInt8) -> Bool {
        ASCII.isAlpha(c) || ASCII.isDigit(c) || c == 0x2B || c == 0x2D || c == 0x2E
    }
}
