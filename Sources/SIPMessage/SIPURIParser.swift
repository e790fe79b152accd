import StackCore

/// The SIP-URI / SIPS-URI grammar of RFC 3261 §25.1 over an exact byte range.
enum SIPURIParser {
    static func parse(_ b: ArraySlice<UInt8>, limits: SIPParserLimits) throws(SIPParseError) -> SIPURI {
        let start = b.startIndex
        guard let (scheme, afterScheme) = sipScheme(b) else {
            throw SIPParseError(.invalidURI, at: start, "not a sip or sips URI")
        }
        var i = afterScheme
        guard b.count < Int(Int32.max) else { throw SIPParseError(.invalidURI, at: start, "URI too long") }
        var layout = SIPURI.Layout()
        func offset(_ index: Int) -> Int32 { Int32(truncatingIfNeeded: index - start) }
        // '@' may not appear unescaped after the userinfo, so the first one ends it.
        if let at = b[i...].firstIndex(of: 0x40) {
            let colon = b[i..<at].firstIndex(of: 0x3A)
            let userEnd = colon ?? at
            guard userEnd > i else { throw SIPParseError(.invalidURI, at: i, "empty user part") }
            if let bad = PercentEncoding.firstInvalid(b[i..<userEnd], allowed: Grammar.isUserChar) {
                throw SIPParseError(.invalidURI, at: bad, "bad character in user part")
            }
            layout.userStart = offset(i)
            layout.userEnd = offset(userEnd)
            if let colon {
                if let bad = PercentEncoding.firstInvalid(b[(colon + 1)..<at], allowed: Grammar.isPasswordChar) {
                    throw SIPParseError(.invalidURI, at: bad, "bad character in password")
                }
                layout.passwordStart = offset(colon + 1)
                layout.passwordEnd = offset(at)
            }
            i = at + 1
        }
        let (kind, hostRange, afterHost) = try SIPHost.locate(b, at: i, header: nil)
        layout.hostStart = offset(hostRange.lowerBound)
        layout.hostEnd = offset(hostRange.upperBound)
        i = afterHost
        if i < b.endIndex, b[i] == 0x3A {
            let ps = i + 1
            i = ps
            while i < b.endIndex, ASCII.isDigit(b[i]) { i += 1 }
            guard let p = ASCII.parseDecimal(b[ps..<i], limit: 65535) else {
                throw SIPParseError(.invalidURI, at: ps, "invalid port")
            }
            layout.port = Int32(p)
        }
        let question = b[i...].firstIndex(of: 0x3F)
        var s = Scanner(b[..<(question ?? b.endIndex)])
        s.i = i
        layout.paramsStart = offset(i)
        try ParameterGrammar.check(&s, style: .uri, limit: limits.maxParameters)
        guard s.atEnd else { throw SIPParseError(.invalidURI, at: s.i, "unexpected character in URI") }
        layout.paramsEnd = offset(s.i)
        if let question {
            try checkHeaders(b[(question + 1)...])
            layout.headersStart = offset(question + 1)
        }
        return SIPURI(text: ByteString(b), scheme: scheme, hostKind: kind, layout: layout)
    }

    /// `sip:` or `sips:` in any case, and the index after the colon.
    @inline(__always)
    static func sipScheme(_ b: ArraySlice<UInt8>) -> (SIPURI.Scheme, Int)? {
        let s = b.startIndex
        guard b.count >= 4, b[s] | 0x20 == 0x73, b[s + 1] | 0x20 == 0x69, b[s + 2] | 0x20 == 0x70 else { return nil }
        if b[s + 3] == 0x3A { return (.sip, s + 4) }
        if b.count >= 5, b[s + 3] | 0x20 == 0x73, b[s + 4] == 0x3A { return (.sips, s + 5) }
        return nil
    }

    /// headers = hname "=" hvalue *( "&" hname "=" hvalue ), hname non-empty.
    private static func checkHeaders(_ h: ArraySlice<UInt8>) throws(SIPParseError) {
        for pair in h.split(separator: 0x26, omittingEmptySubsequences: false) {
            guard let eq = pair.firstIndex(of: 0x3D), eq > pair.startIndex else {
                throw SIPParseError(.invalidURI, at: pair.startIndex, "URI header without name or '='")
            }
            if let bad = PercentEncoding.firstInvalid(pair[..<eq], allowed: Grammar.isHeaderChar)
                ?? PercentEncoding.firstInvalid(pair[(eq + 1)...], allowed: Grammar.isHeaderChar)
            {
                throw SIPParseError(.invalidURI, at: bad, "bad character in URI header")
            }
        }
    }
}
