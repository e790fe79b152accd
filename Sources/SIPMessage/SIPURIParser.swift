import StackCore

/// The SIP-URI / SIPS-URI grammar of RFC 3261 §25.1 over an exact byte range.
enum SIPURIParser {
    static func parse(_ b: ArraySlice<UInt8>, limits: SIPParserLimits) throws(SIPParseError) -> SIPURI {
        let start = b.startIndex
        let scheme: SIPURI.Scheme
        var i: Int
        if b.count > 4, ASCII.equalsIgnoringCase(b[start..<start + 4], "sip:".utf8) {
            scheme = .sip; i = start + 4
        } else if b.count > 5, ASCII.equalsIgnoringCase(b[start..<start + 5], "sips:".utf8) {
            scheme = .sips; i = start + 5
        } else {
            throw SIPParseError(.invalidURI, at: start, "not a sip or sips URI")
        }
        var userRange: Range<Int>? = nil, passwordRange: Range<Int>? = nil
        // '@' may not appear unescaped after the userinfo, so the first one ends it.
        if let at = b[i...].firstIndex(of: 0x40) {
            let info = b[i..<at]
            let colon = info.firstIndex(of: 0x3A)
            let userEnd = colon ?? at
            guard userEnd > i else { throw SIPParseError(.invalidURI, at: i, "empty user part") }
            if let bad = PercentEncoding.firstInvalid(b[i..<userEnd], allowed: Grammar.isUserChar) {
                throw SIPParseError(.invalidURI, at: bad, "bad character in user part")
            }
            userRange = i..<userEnd
            if let colon {
                if let bad = PercentEncoding.firstInvalid(b[(colon + 1)..<at], allowed: Grammar.isPasswordChar) {
                    throw SIPParseError(.invalidURI, at: bad, "bad character in password")
                }
                passwordRange = (colon + 1)..<at
            }
            i = at + 1
        }
        let (host, afterHost) = try SIPHost.scan(b, at: i, header: nil)
        i = afterHost
        var port: Int? = nil
        if i < b.endIndex, b[i] == 0x3A {
            let ps = i + 1
            i = ps
            while i < b.endIndex, ASCII.isDigit(b[i]) { i += 1 }
            guard let p = ASCII.parseDecimal(b[ps..<i], limit: 65535) else {
                throw SIPParseError(.invalidURI, at: ps, "invalid port")
            }
            port = Int(p)
        }
        var s = Scanner(b[..<(b[i...].firstIndex(of: 0x3F) ?? b.endIndex)])
        s.i = i
        let params = try ParameterGrammar.validate(&s, style: .uri, limit: limits.maxParameters)
        guard s.atEnd else { throw SIPParseError(.invalidURI, at: s.i, "unexpected character in URI") }
        var headers: ByteString? = nil
        if s.i < b.endIndex {
            let hs = s.i + 1
            try checkHeaders(b[hs...])
            headers = ByteString(b[hs...])
        }
        return SIPURI(scheme: scheme, text: ByteString(b), userRange: userRange, passwordRange: passwordRange,
                      host: host, port: port, parameters: params, headers: headers)
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
