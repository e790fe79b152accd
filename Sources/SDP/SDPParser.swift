extension SDPSessionDescription {
    /// Parses a description (RFC 8866 §5, §9): strict grammar and line order, with LF-only line ends,
    /// trailing white space and a missing `s=` accepted as ``warnings``.
    public init(parsing bytes: some Collection<UInt8>, limits: SDPLimits = .default) throws(SDPError) {
        var parser = SDPParser(limits: limits)
        self = try parser.parse(Array(bytes))
    }

    /// Parses a description from text.
    public init(parsing text: String, limits: SDPLimits = .default) throws(SDPError) {
        try self.init(parsing: Array(text.utf8), limits: limits)
    }
}

/// The line-by-line parser behind ``SDPSessionDescription/init(parsing:limits:)``.
struct SDPParser {
    let limits: SDPLimits
    var warnings: [SDPWarning] = []

    init(limits: SDPLimits) { self.limits = limits }

    private mutating func warn(_ kind: SDPWarning.Kind, _ line: Int) {
        if !warnings.contains(where: { $0.kind == kind }) { warnings.append(SDPWarning(kind, line: line)) }
    }

    /// Splits into (line number, type letter, value) after the size, encoding and line checks.
    mutating func lines(_ bytes: [UInt8]) throws(SDPError) -> [(Int, UInt8, String)] {
        guard bytes.count <= limits.maxSize else { throw SDPError(.tooLarge, line: 0, "description over \(limits.maxSize) bytes") }
        guard String(validating: bytes, as: UTF8.self) != nil else { throw SDPError(.invalidEncoding, line: 0, "not UTF-8") }
        var raw = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        // A final line break leaves an empty last piece; blank lines at the very end are tolerated.
        while let last = raw.last, last.isEmpty || last.elementsEqual([0x0D]) { raw.removeLast() }
        guard raw.count <= limits.maxLines else { throw SDPError(.tooLarge, line: limits.maxLines + 1, "over \(limits.maxLines) lines") }
        var out: [(Int, UInt8, String)] = []
        out.reserveCapacity(raw.count)
        for (i, piece) in raw.enumerated() {
            let number = i + 1
            var line = piece[...]
            if line.last == 0x0D {
                line = line.dropLast()
            } else if i < raw.count - 1 || bytes.last == 0x0A {
                warn(.bareLineFeed, number)
            }
            if let last = line.last, last == 0x20 || last == 0x09 {
                warn(.trailingWhiteSpace, number)
                while let l = line.last, l == 0x20 || l == 0x09 { line = line.dropLast() }
            }
            guard line.count >= 2, let type = line.first, type >= 0x61, type <= 0x7A,
                  line[line.startIndex + 1] == 0x3D else {
                throw SDPError(.invalidLine, line: number, "expected <type>=<value>")
            }
            guard line.dropFirst(2).allSatisfy({ $0 != 0x0D && $0 != 0 }) else {
                throw SDPError(.invalidValue, line: number, "control character in value")
            }
            out.append((number, type, String(decoding: line.dropFirst(2), as: UTF8.self)))
        }
        return out
    }

    mutating func parse(_ bytes: [UInt8]) throws(SDPError) -> SDPSessionDescription {
        let all = try lines(bytes)
        var index = 0
        func peek() -> (Int, UInt8, String)? { index < all.count ? all[index] : nil }

        // v=0
        guard let (vLine, vType, vValue) = peek(), vType == UInt8(ascii: "v") else {
            throw SDPError(.missingLine, line: peek()?.0 ?? 1, "the description must start with v=")
        }
        guard vValue == "0" else { throw SDPError(.invalidValue, line: vLine, "unsupported version \(vValue)") }
        index += 1
        // o=
        guard let (oLine, oType, oValue) = peek(), oType == UInt8(ascii: "o") else {
            throw SDPError(.missingLine, line: peek()?.0 ?? vLine + 1, "o= must follow v=")
        }
        let origin = try Self.origin(oValue, line: oLine)
        index += 1
        // s=
        var sessionName = "-"
        if let (_, t, value) = peek(), t == UInt8(ascii: "s") {
            // "s= " (trimmed to nothing) is a recommended way to say "no name" (§5.3): read it as "-".
            sessionName = value.isEmpty ? "-" : value
            index += 1
        } else {
            warn(.missingSessionName, peek()?.0 ?? oLine + 1)
        }
        var d = SDPSessionDescription(origin: origin, sessionName: sessionName)
        d.timings = []

        // Session-level lines in the §9 order: i u e* p* c b* (t r*)+ z k a*.
        let sessionRank: [UInt8: Int] = [0x69: 1, 0x75: 2, 0x65: 3, 0x70: 4, 0x63: 5, 0x62: 6, 0x74: 7, 0x72: 7, 0x7A: 8, 0x6B: 9, 0x61: 10]
        var rank = 0
        while let (n, t, value) = peek(), t != UInt8(ascii: "m") {
            guard let r = sessionRank[t] else { throw Self.unexpected(t, line: n) }
            guard r >= rank, !(r == rank && [0x69, 0x75, 0x63, 0x7A, 0x6B].contains(t)) else {
                throw SDPError(.misplacedLine, line: n, "\(Character(UnicodeScalar(t)))= out of order or repeated")
            }
            rank = r
            switch t {
            case UInt8(ascii: "i"): d.information = value
            case UInt8(ascii: "u"): d.uri = value
            case UInt8(ascii: "e"): d.emails.append(value)
            case UInt8(ascii: "p"): d.phones.append(value)
            case UInt8(ascii: "c"): d.connection = try Self.connection(value, line: n)
            case UInt8(ascii: "b"): d.bandwidths.append(try Self.bandwidth(value, line: n))
            case UInt8(ascii: "t"): d.timings.append(try Self.timing(value, line: n))
            case UInt8(ascii: "r"):
                guard !d.timings.isEmpty else { throw SDPError(.misplacedLine, line: n, "r= before t=") }
                d.timings[d.timings.count - 1].repeats.append(value)
            case UInt8(ascii: "z"): d.timeZones = value
            case UInt8(ascii: "k"): d.key = value
            default:
                guard d.attributes.count < limits.maxAttributes else { throw SDPError(.tooLarge, line: n, "over \(limits.maxAttributes) attributes") }
                d.attributes.append(try Self.attribute(value, line: n))
            }
            index += 1
        }
        guard !d.timings.isEmpty else { throw SDPError(.missingLine, line: peek()?.0 ?? all.count, "no t= line") }

        // Media sections: m= then i c* b* k a*.
        let mediaRank: [UInt8: Int] = [0x69: 1, 0x63: 2, 0x62: 3, 0x6B: 4, 0x61: 5]
        while let (mLine, _, mValue) = peek() {
            guard d.media.count < limits.maxMediaSections else { throw SDPError(.tooLarge, line: mLine, "over \(limits.maxMediaSections) media sections") }
            var m = try Self.mediaLine(mValue, line: mLine, limits: limits)
            index += 1
            var mRank = 0
            while let (n, t, value) = peek(), t != UInt8(ascii: "m") {
                guard let r = mediaRank[t] else {
                    if sessionRank[t] != nil { throw SDPError(.misplacedLine, line: n, "\(Character(UnicodeScalar(t)))= is not allowed in a media section") }
                    throw Self.unexpected(t, line: n)
                }
                guard r >= mRank, !(r == mRank && (t == 0x69 || t == 0x6B)) else {
                    throw SDPError(.misplacedLine, line: n, "\(Character(UnicodeScalar(t)))= out of order or repeated")
                }
                mRank = r
                switch t {
                case UInt8(ascii: "i"): m.information = value
                case UInt8(ascii: "c"): m.connections.append(try Self.connection(value, line: n))
                case UInt8(ascii: "b"): m.bandwidths.append(try Self.bandwidth(value, line: n))
                case UInt8(ascii: "k"): m.key = value
                default:
                    guard m.attributes.count < limits.maxAttributes else { throw SDPError(.tooLarge, line: n, "over \(limits.maxAttributes) attributes") }
                    m.attributes.append(try Self.attribute(value, line: n))
                }
                index += 1
            }
            d.media.append(m)
        }
        d.warnings = warnings
        return d
    }

    private static func unexpected(_ t: UInt8, line: Int) -> SDPError {
        // §5: a description with a type letter the parser does not know is not understood.
        let known: Set<UInt8> = Set("vosiuepcbtrzkam".utf8)
        return known.contains(t)
            ? SDPError(.misplacedLine, line: line, "\(Character(UnicodeScalar(t)))= is not allowed here")
            : SDPError(.invalidLine, line: line, "unknown line type \(Character(UnicodeScalar(t)))=")
    }

    // MARK: Fields

    static func fields(_ value: String) -> [Substring] {
        value.split(separator: " ", omittingEmptySubsequences: true)
    }

    static func isToken(_ s: some StringProtocol) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
                || "!#$%&'*+-.^_`{|}~".utf8.contains(c)
        }
    }

    static func number(_ s: some StringProtocol, line: Int, _ what: String, max: UInt64 = .max) throws(SDPError) -> UInt64 {
        guard !s.isEmpty, s.count <= 20, s.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let n = UInt64(s), n <= max else {
            throw SDPError(.invalidValue, line: line, "\(what) is not a number in range")
        }
        return n
    }

    static func origin(_ value: String, line: Int) throws(SDPError) -> SDPOrigin {
        let f = fields(value)
        guard f.count == 6 else { throw SDPError(.invalidValue, line: line, "o= needs 6 fields, has \(f.count)") }
        _ = try number(f[1], line: line, "session id")
        let version = try number(f[2], line: line, "session version")
        guard isToken(f[3]), isToken(f[4]) else { throw SDPError(.invalidValue, line: line, "bad network or address type") }
        return SDPOrigin(username: String(f[0]), sessionID: String(f[1]), sessionVersion: version,
                         networkType: String(f[3]), addressType: String(f[4]), address: String(f[5]))
    }

    static func connection(_ value: String, line: Int) throws(SDPError) -> SDPConnection {
        let f = fields(value)
        guard f.count == 3, isToken(f[0]), isToken(f[1]) else { throw SDPError(.invalidValue, line: line, "c= needs <nettype> <addrtype> <address>") }
        let parts = f[2].split(separator: "/", omittingEmptySubsequences: false)
        guard let address = parts.first, !address.isEmpty, parts.count <= 3 else { throw SDPError(.invalidValue, line: line, "bad connection address") }
        var c = SDPConnection(networkType: String(f[0]), addressType: String(f[1]), address: String(address))
        if f[1] == "IP6" {
            guard parts.count <= 2 else { throw SDPError(.invalidValue, line: line, "IP6 connection takes only /count") }
            if parts.count == 2 { c.count = Int(try number(parts[1], line: line, "address count", max: 65535)) }
        } else if parts.count >= 2 {
            c.ttl = Int(try number(parts[1], line: line, "TTL", max: 255))
            if parts.count == 3 { c.count = Int(try number(parts[2], line: line, "address count", max: 65535)) }
        }
        return c
    }

    static func bandwidth(_ value: String, line: Int) throws(SDPError) -> SDPBandwidth {
        guard let colon = value.firstIndex(of: ":"), isToken(value[..<colon]) else {
            throw SDPError(.invalidValue, line: line, "b= needs <bwtype>:<bandwidth>")
        }
        return SDPBandwidth(type: String(value[..<colon]), value: try number(value[value.index(after: colon)...], line: line, "bandwidth"))
    }

    static func timing(_ value: String, line: Int) throws(SDPError) -> SDPTiming {
        let f = fields(value)
        guard f.count == 2 else { throw SDPError(.invalidValue, line: line, "t= needs <start> <stop>") }
        return SDPTiming(start: try number(f[0], line: line, "start time"), stop: try number(f[1], line: line, "stop time"))
    }

    static func attribute(_ value: String, line: Int) throws(SDPError) -> SDPAttribute {
        guard let colon = value.firstIndex(of: ":") else {
            guard isToken(value) else { throw SDPError(.invalidValue, line: line, "bad attribute name") }
            return SDPAttribute(value)
        }
        let name = value[..<colon]
        guard isToken(name) else { throw SDPError(.invalidValue, line: line, "bad attribute name") }
        return SDPAttribute(String(name), String(value[value.index(after: colon)...]))
    }

    static func mediaLine(_ value: String, line: Int, limits: SDPLimits) throws(SDPError) -> SDPMediaDescription {
        let f = fields(value)
        guard f.count >= 4 else { throw SDPError(.invalidValue, line: line, "m= needs <media> <port> <proto> <fmt> …") }
        guard f.count - 3 <= limits.maxFormats else { throw SDPError(.tooLarge, line: line, "over \(limits.maxFormats) formats") }
        guard isToken(f[0]) else { throw SDPError(.invalidValue, line: line, "bad media type") }
        let portParts = f[1].split(separator: "/", omittingEmptySubsequences: false)
        guard portParts.count <= 2 else { throw SDPError(.invalidValue, line: line, "bad port") }
        let port = Int(try number(portParts[0], line: line, "port", max: 65535))
        let count = portParts.count == 2 ? Int(try number(portParts[1], line: line, "port count", max: 65535)) : nil
        guard f[2].split(separator: "/").allSatisfy({ isToken($0) }) else { throw SDPError(.invalidValue, line: line, "bad protocol") }
        guard f.dropFirst(3).allSatisfy({ isToken($0) }) else { throw SDPError(.invalidValue, line: line, "bad format") }
        return SDPMediaDescription(type: String(f[0]), port: port, portCount: count, proto: String(f[2]), formats: f.dropFirst(3).map(String.init))
    }
}
