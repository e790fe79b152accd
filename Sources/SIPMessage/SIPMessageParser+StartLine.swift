import StackCore

extension MessageParser {
    /// Request-Line or Status-Line. Runs of spaces between the parts are accepted with a warning;
    /// a Request-URI with white space inside it becomes a defect, not a parse failure.
    mutating func parseStartLine(_ r: Range<Int>) throws(SIPParseError) -> SIPStartLine {
        let line = buf[r]
        if SIPVersion.isSIPSlash(line) {
            return .response(try parseStatusLine(line))
        }
        // The parts are runs of non-SP bytes: method, the URI (one part unless damaged), version.
        var first = 0..<0, second = 0..<0, third = 0..<0, beforeLast = 0..<0, last = 0..<0
        var count = 0
        var j = r.lowerBound
        var extraSpace = false
        while j < r.upperBound {
            let s = j
            while j < r.upperBound, buf[j] != ASCII.space { j += 1 }
            if j > s {
                count += 1
                if count == 1 { first = s..<j } else if count == 2 { second = s..<j } else if count == 3 { third = s..<j }
                beforeLast = last
                last = s..<j
            } else {
                extraSpace = true
            }
            if j < r.upperBound { j += 1 }
        }
        if r.count > 0, buf[r.upperBound - 1] == ASCII.space { extraSpace = true }
        guard count >= 3 else { throw SIPParseError(.invalidStartLine, at: r.lowerBound, "request line needs method, URI and version") }
        if extraSpace { warnings.append(SIPParseWarning(kind: .extraWhitespaceInStartLine, offset: r.lowerBound)) }
        guard let method = SIPMethod.from(buf[first]) else {
            throw SIPParseError(.invalidMethod, at: first.lowerBound, "method is not a token")
        }
        guard let version = SIPVersion.parse(buf[last]) else {
            throw SIPParseError(.invalidVersion, at: last.lowerBound, "invalid SIP-Version")
        }
        let uriRange = second.lowerBound..<beforeLast.upperBound
        let uriText = ByteString(buf[uriRange])
        var uri: SIPAnyURI? = nil
        if count > 3 {
            defects.append(SIPDefect(location: .requestURI, error: SIPParseError(.invalidRequestURI, at: third.lowerBound, "white space inside the Request-URI")))
        } else {
            do {
                uri = try SIPAnyURI(parsing: uriText, limits: limits)
            } catch {
                defects.append(SIPDefect(location: .requestURI, error: SIPParseError(.invalidRequestURI, at: error.offset, error.reason)))
            }
        }
        return .request(SIPRequestLine(method: method, uriText: uriText, uri: uri, version: version))
    }

    /// SIP-Version SP Status-Code SP Reason-Phrase; exactly three digits, 100 to 699.
    mutating func parseStatusLine(_ line: ArraySlice<UInt8>) throws(SIPParseError) -> SIPStatusLine {
        guard let sp = line.firstIndex(of: ASCII.space), let version = SIPVersion.parse(line[..<sp]) else {
            throw SIPParseError(.invalidVersion, at: line.startIndex, "invalid SIP-Version")
        }
        var c = sp
        while c < line.endIndex, line[c] == ASCII.space { c += 1 }
        if c > sp + 1 { warnings.append(SIPParseWarning(kind: .extraWhitespaceInStartLine, offset: sp)) }
        var d = c
        while d < line.endIndex, ASCII.isDigit(line[d]) { d += 1 }
        guard d - c == 3, let code = ASCII.parseDecimal(line[c..<d], limit: 999), let status = SIPStatus(rawValue: Int(code)) else {
            throw SIPParseError(.invalidStatusCode, at: c, "status code must be three digits from 100 to 699")
        }
        var reasonStart = d
        if d < line.endIndex {
            guard line[d] == ASCII.space else { throw SIPParseError(.invalidStatusCode, at: d, "status code must be three digits") }
            reasonStart = d + 1
        } else {
            warnings.append(SIPParseWarning(kind: .missingSpaceBeforeReason, offset: d))
        }
        return SIPStatusLine(version: version, status: status, reason: ByteString(line[reasonStart...]))
    }
}
