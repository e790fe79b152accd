import StackCore

/// Character classes of the RFC 3261 §25 ABNF, as 128-bit sets (no table lookups, no branches per class).
enum Grammar {
    @inline(__always) static func member(_ c: UInt8, _ lo: UInt64, _ hi: UInt64) -> Bool {
        c < 64 ? (lo >> UInt64(c)) & 1 != 0 : c < 128 ? (hi >> UInt64(c &- 64)) & 1 != 0 : false
    }

    /// token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")
    @inline(__always) static func isToken(_ c: UInt8) -> Bool { member(c, 0x03FF6CA200000000, 0x47FFFFFF87FFFFFE) }

    /// word (Call-ID) = token characters plus ( ) < > : \\ " / [ ] ? { }
    @inline(__always) static func isWord(_ c: UInt8) -> Bool { member(c, 0xD7FFEFA600000000, 0x6FFFFFFFBFFFFFFE) }

    /// unreserved = alphanum / mark, mark = "-" / "_" / "." / "!" / "~" / "*" / "'" / "(" / ")"
    @inline(__always) static func isUnreserved(_ c: UInt8) -> Bool { member(c, 0x03FF678200000000, 0x47FFFFFE87FFFFFE) }

    /// user = 1*(unreserved / escaped / user-unreserved), user-unreserved = & = + $ , ; ? /
    @inline(__always) static func isUserChar(_ c: UInt8) -> Bool { member(c, 0xABFFFFD200000000, 0x47FFFFFE87FFFFFE) }

    /// password = *(unreserved / escaped / "&" / "=" / "+" / "$" / ",")
    @inline(__always) static func isPasswordChar(_ c: UInt8) -> Bool { member(c, 0x23FF7FD200000000, 0x47FFFFFE87FFFFFE) }

    /// paramchar = param-unreserved / unreserved / escaped, param-unreserved = [ ] / : & + $
    @inline(__always) static func isParamChar(_ c: UInt8) -> Bool { member(c, 0x07FFEFD200000000, 0x47FFFFFEAFFFFFFE) }

    /// hname / hvalue characters: hnv-unreserved = [ ] / ? : + $, plus unreserved / escaped
    @inline(__always) static func isHeaderChar(_ c: UInt8) -> Bool { member(c, 0x87FFEF9200000000, 0x47FFFFFEAFFFFFFE) }

    /// Characters of a host name or IPv4 address (with `_` accepted as real deployments use it).
    @inline(__always) static func isHostChar(_ c: UInt8) -> Bool { member(c, 0x03FF600000000000, 0x07FFFFFE87FFFFFE) }

    /// Characters allowed in the opaque part of a URI of a scheme we do not know.
    @inline(__always) static func isOpaqueURIChar(_ c: UInt8) -> Bool {
        c > 0x20 && c < 0x7F && c != 0x3C && c != 0x3E && c != 0x22
    }

    /// Scheme characters after the first letter: ALPHA / DIGIT / "+" / "-" / "."
    @inline(__always) static func isSchemeChar(_ c: UInt8) -> Bool {
        ASCII.isAlpha(c) || ASCII.isDigit(c) || c == 0x2B || c == 0x2D || c == 0x2E
    }
}
