import StackCore

/// The SIP-URI / SIPS-URI grammar of RFC 3261 §25.1 over an exact byte range.
enum SIPURIParser {
    /// Parses exactly `text`, which the result keeps (taken, not copied).
    static func parse(_ text: consuming ByteString, limits: SIPParserLimits) throws(SIPParseError) -> SIPURI {
        let (scheme, kind, layout) = try layout(text.bytes, limits: limits)
        return SIPURI(text: text, scheme: scheme, hostKind: kind, layout: layout)
    }

    /// The scheme, host kind and part offsets of the URI in `b`.
    private static func layout(_ b: ArraySlice<UInt8>, limits: SIPParserLimits)
        throws(SIPParseError) -> (SIPURI.Scheme, SIPHost.Kind, SIPURI.Layout)
    {
        let start = b.startIndex
        guard let (scheme, afterScheme) = sipScheme(b) else {
            throw SIPParseError(.invalidURI, at: start, "not a sip or sips URI")
        }
        guard b.count < Int(Int32.max) else { throw SIPParseError(.invalidURI, at: start, "URI too long") }
        func offset(_ index: Int) -> Int32 { Int32(truncatingIfNeeded: index - start) }
        let (found, kind, question) = try Scanner.scan(b, from: afterScheme) { (s) throws(SIPParseError) in
            var layout = SIPURI.Layout()
            let i = s.i
            // '@' may not appear unescaped after the userinfo, so the first one ends it.
            if let at = s.firstIndex(of: 0x40, from: i) {
                let colon = s.firstIndex(of: 0x3A, from: i, to: at)
                let userEnd = colon ?? at
                guard userEnd > i else { throw SIPParseError(.invalidURI, at: i, "empty user part") }
                if let bad = s.firstInvalidEscaped(in: i..<userEnd, allowed: Grammar.isUserChar) {
                    throw SIPParseError(.invalidURI, at: bad, "bad character in user part")
                }
                layout.userStart = offset(i)
                layout.userEnd = offset(userEnd)
                if let colon {
                    if let bad = s.firstInvalidEscaped(in: (colon + 1)..<at, allowed: Grammar.isPasswordChar) {
                        throw SIPParseError(.invalidURI, at: bad, "bad character in password")
                    }
                    layout.passwordStart = offset(colon + 1)
                    layout.passwordEnd = offset(at)
                }
                s.i = at + 1
            }
            let (kind, hostRange) = try SIPHost.locate(&s)
            layout.hostStart = offset(hostRange.lowerBound)
            layout.hostEnd = offset(hostRange.upperBound)
            if s.consume(0x3A) {
                let ps = s.i
                guard let p = try? s.number(limit: 65535, "port") else {
                    throw SIPParseError(.invalidURI, at: ps, "invalid port")
                }
                layout.port = Int32(p)
            }
            let question = s.firstIndex(of: 0x3F, from: s.i)
            layout.paramsStart = offset(s.i)
            try s.limited(to: question ?? s.end) { (params) throws(SIPParseError) in
                try ParameterGrammar.check(&params, style: .uri, limit: limits.maxParameters)
                guard params.atEnd else { throw SIPParseError(.invalidURI, at: params.i, "unexpected character in URI") }
            }
            layout.paramsEnd = offset(s.i)
            return (layout, kind, question)
        }
        var layout = found
        if let question {
            try checkHeaders(b[(question + 1)...])
            layout.headersStart = offset(question + 1)
        }
        return (scheme, kind, layout)
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
