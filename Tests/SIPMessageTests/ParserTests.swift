import SIPMessage
import StackCore
import Testing

@Suite struct ParserTests {
    static let minimal = "OPTIONS sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\nTo: <sip:bob@example.com>\r\nFrom: <sip:alice@example.com>;tag=1\r\nCall-ID: c1\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n"

    func parse(_ s: String, framing: SIPFraming = .datagram, limits: SIPParserLimits = .default) throws(SIPParseError) -> SIPMessage {
        try SIPMessage(parsing: Array(s.utf8), framing: framing, limits: limits)
    }

    /// RFC 3261 §7.3.3 and the extension RFCs: every compact form resolves to its header.
    @Test(arguments: [
        ("i", SIPHeaderName.callID), ("m", .contact), ("e", .contentEncoding), ("l", .contentLength),
        ("f", .from), ("t", .to), ("v", .via), ("s", .subject), ("k", .supported), ("c", .contentType),
        ("o", .event), ("u", .allowEvents), ("r", .referTo), ("b", .referredBy), ("x", .sessionExpires),
        ("y", .identity), ("a", .acceptContact), ("j", .rejectContact), ("d", .requestDisposition),
    ])
    func compactForms(_ letter: String, _ name: SIPHeaderName) {
        #expect(SIPHeaderName(letter) == name)
        #expect(SIPHeaderName(letter.uppercased()) == name)
        #expect(name.compactForm == Character(letter))
    }

    @Test func namesAreCaseInsensitive() {
        #expect(SIPHeaderName("cAlL-iD") == .callID)
        #expect(SIPHeaderName("WWW-AUTHENTICATE") == .wwwAuthenticate)
        #expect(SIPHeaderName("X-Custom") == SIPHeaderName("x-custom"))
        #expect(SIPHeaderName("X-Custom").hashValue == SIPHeaderName("x-CUSTOM").hashValue)
        #expect(SIPHeaderName("X-Custom") != SIPHeaderName("X-Other"))
        #expect(!SIPHeaderName("X-Custom").isKnown)
    }

    @Test func foldedValuesAreUnfolded() throws {
        let m = try parse(Self.minimal + "Subject: first\r\n  second\r\n\tthird  \r\nX-Empty:\r\n  later\r\n\r\n")
        #expect(m.headers.first(.subject) == "first second third")
        #expect(m.headers.first("X-Empty") == "later")
    }

    @Test func headerOrderAndWireNamesAreKept() throws {
        let m = try parse(Self.minimal + "x-B: 2\r\nX-a: 1\r\nv: SIP/2.0/TCP h2\r\n\r\n")
        #expect(m.headers.suffix(3).map(\.wireName.string) == ["x-B", "X-a", "v"])
        #expect(m.via.count == 2 && m.via[1].transport == "TCP")
    }

    @Test func listValuesSplitOutsideQuotesAndBrackets() throws {
        let m = try parse(Self.minimal + "Contact: \"A, B\" <sip:a,x@h;x=1>, <sip:b@h>;q=0.5, sip:c@h\r\n\r\n")
        let list = m.contact?.contacts ?? []
        #expect(list.count == 3)
        #expect(list[0].address.displayName == "A, B")
        #expect(list[1].q == 0.5)
        #expect(list[2].address.uri.text == "sip:c@h" && !list[2].address.hasAngleBrackets)
        #expect(try m.headers.values(.contact).count == 3)
    }

    @Test func contactStar() throws {
        let m = try parse(Self.minimal + "Contact: *\r\nExpires: 0\r\n\r\n")
        #expect(m.contact == .wildcard)
        #expect(try m.expires() == 0)
    }

    @Test func bareLineFeedsAreAcceptedWithAWarning() throws {
        let m = try parse(Self.minimal.replacingOccurrences(of: "\r\n", with: "\n") + "Content-Length: 4\n\nabcd")
        #expect(m.body == "abcd")
        #expect(m.warnings.contains { $0.kind == .bareLineFeed })
    }

    @Test func leadingLineBreaksAreIgnored() throws {
        let m = try parse("\r\n\r\n" + Self.minimal + "\r\n")
        #expect(m.method == .options)
    }

    @Test func bodyFraming() throws {
        let datagram = try parse(Self.minimal + "\r\nno length given")
        #expect(datagram.body == "no length given")
        #expect(throws: SIPParseError.self) { try parse(Self.minimal + "\r\nbody", framing: .stream) }
        #expect(throws: SIPParseError.self) { try parse(Self.minimal + "Content-Length: 10\r\n\r\nshort") }
        let extra = try parse(Self.minimal + "l: 3\r\n\r\nabcdef")
        #expect(extra.body == "abc" && extra.warnings.contains { $0.kind == .trailingBytesIgnored })
        let same = try parse(Self.minimal + "Content-Length: 3\r\nl: 3\r\n\r\nabc")
        #expect(same.body == "abc")
    }

    @Test(arguments: [
        ("Content-Length: -1\r\n\r\n", SIPParseError.Kind.invalidContentLength),
        ("Content-Length: five\r\n\r\n", .invalidContentLength),
        ("Content-Length: 99999999999999999999\r\n\r\n", .messageTooLarge),
        ("Content-Length: 1\r\nContent-Length: 2\r\n\r\nab", .conflictingContentLength),
        ("No colon here\r\n\r\n", .missingColon),
        ("Bad Name: x\r\n\r\n", .missingColon),
        (": novalue\r\n\r\n", .invalidHeaderName),
    ])
    func fatalHeaderErrors(_ tail: String, _ kind: SIPParseError.Kind) {
        let error = parseError(Self.minimal + tail)
        #expect(error?.kind == kind)
        #expect((error?.offset ?? -1) >= Self.minimal.utf8.count)
    }

    /// The error parsing `text` throws, recording an issue when it parses.
    func parseError(_ text: String) -> SIPParseError? {
        do {
            _ = try parse(text)
            Issue.record("parsed \(text.debugDescription)")
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        ("", SIPParseError.Kind.empty),
        ("\r\n\r\n", .empty),
        ("INVITE sip:a@b\r\n\r\n", .invalidStartLine),
        ("INVITE sip:a@b HTTP/1.1\r\n\r\n", .invalidVersion),
        ("IN<VITE sip:a@b SIP/2.0\r\n\r\n", .invalidMethod),
        ("SIP/2.0 20 OK\r\n\r\n", .invalidStatusCode),
        ("SIP/2.0 700 Big\r\n\r\n", .invalidStatusCode),
        ("SIP/2.0 2000 OK\r\n\r\n", .invalidStatusCode),
        ("SIP/2.0200 OK\r\n\r\n", .invalidStatusCode),
        (" Via: x\r\n\r\n", .invalidStartLine),
    ])
    func startLineErrors(_ text: String, _ kind: SIPParseError.Kind) {
        let error = parseError(text)
        #expect(error?.kind == kind, "\(text.debugDescription): \(String(describing: error))")
    }

    @Test func continuationWithoutHeaderIsAnError() {
        do {
            _ = try parse("OPTIONS sip:a@b SIP/2.0\r\n folded\r\n\r\n")
            Issue.record("parsed")
        } catch {
            #expect(error.kind == .misplacedContinuationLine && error.offset == 25)
        }
    }

    @Test func limitsAreTypedErrors() {
        var limits = SIPParserLimits()
        limits.maxHeaderCount = 6
        #expect(throws: SIPParseError.self) { try parse(Self.minimal + "X-1: a\r\n\r\n", limits: limits) }
        #expect((try? parse(Self.minimal + "\r\n", limits: limits)) != nil)
        limits = SIPParserLimits()
        limits.maxLineLength = 64
        #expect(throws: SIPParseError.self) { try parse(Self.minimal + "X-Long: " + String(repeating: "a", count: 80) + "\r\n\r\n", limits: limits) }
        #expect(throws: SIPParseError.self) { try parse(Self.minimal + "X-Folded: a\r\n " + String(repeating: "b", count: 70) + "\r\n\r\n", limits: limits) }
        limits = SIPParserLimits()
        limits.maxMessageSize = 200
        #expect(throws: SIPParseError.self) { try parse(Self.minimal + "X-Pad: " + String(repeating: "p", count: 100) + "\r\n\r\n", limits: limits) }
        limits = SIPParserLimits()
        limits.maxListValues = 3
        let many = try? parse(Self.minimal + "Via: SIP/2.0/UDP a, SIP/2.0/UDP b, SIP/2.0/UDP c, SIP/2.0/UDP d\r\n\r\n", limits: limits)
        #expect(many?.defects.isEmpty == false)
    }

    @Test func damageInAHeaderIsADefectNotAFailure() throws {
        let m = try parse(Self.minimal.replacingOccurrences(of: "CSeq: 1 OPTIONS", with: "CSeq: one OPTIONS") + "\r\n")
        #expect(m.cseq == nil)
        #expect(m.defects.count == 1)
        guard case .header(let name, _) = m.defects.first?.location else { Issue.record("no defect"); return }
        #expect(name == .cseq)
        #expect(m.checkRequest()?.status == .badRequest)
        #expect(m.checkRequest()?.reason == "Malformed CSeq header")
        let reply = m.makeResponse(status: .badRequest, reason: m.checkRequest()?.reason)
        #expect(reply.headers.first(.cseq) == "one OPTIONS")
    }

    @Test func responsesWithoutReasonSpace() throws {
        let m = try parse("SIP/2.0 100\r\n\r\n")
        #expect(m.status == .trying && m.warnings.contains { $0.kind == .missingSpaceBeforeReason })
    }

    @Test func mutationKeepsTypedViewsCurrent() throws {
        var m = try parse(Self.minimal + "\r\n")
        m.prependHeader(.via, "SIP/2.0/TCP proxy.example.com;branch=z9hG4bKp1")
        #expect(m.via.count == 2 && m.topVia?.host.text == "proxy.example.com")
        m.removeFirstValue(.via)
        #expect(m.via.count == 1 && m.topVia?.host.text == "192.0.2.1")
        m.setHeader(.maxForwards, "69")
        #expect(m.maxForwards == 69 && m.headers.count(of: .maxForwards) == 1)
        m.setHeader(.cseq, "not valid")
        #expect(m.cseq == nil && m.defects.count == 1)
        m.removeHeaders(.cseq)
        #expect(m.defects.isEmpty)
    }
}

/// Hostile shapes within the limits parse in time linear in their size (checked by counts, not clocks).
@Suite struct HostileInputTests {
    @Test func manyContactFields() throws {
        var text = ParserTests.minimal
        for i in 0..<250 { text += "Contact: <sip:u\(i)@h>, <sip:v\(i)@h>\r\n" }
        let m = try SIPMessage(parsing: Array((text + "\r\n").utf8))
        #expect(m.contact?.contacts.count == 500 && m.defects.isEmpty)
    }

    @Test func damagedContactFieldContributesNothing() throws {
        let m = try SIPMessage(parsing: Array((ParserTests.minimal + "Contact: <sip:good@h>\r\nContact: <sip:a@h>, <bad>\r\n\r\n").utf8))
        #expect(m.contact?.contacts.map(\.address.uri.text) == ["sip:good@h"])
        #expect(m.defects.count == 1)
    }

    @Test func wildcardFirstWins() throws {
        let m = try SIPMessage(parsing: Array((ParserTests.minimal + "Contact: *\r\nContact: <sip:a@b>\r\n\r\n").utf8))
        #expect(m.contact == .wildcard)
    }

    @Test func deepNestingAndLongRunsAreBounded() {
        let long = String(repeating: "<", count: 60_000)
        #expect(throws: SIPParseError.self) { try SIPMessage(parsing: Array((ParserTests.minimal + "Contact: " + long + "\r\n\r\n").utf8)) }
        let quotes = String(repeating: "\\\"", count: 3_000)
        let m = try? SIPMessage(parsing: Array((ParserTests.minimal + "X-Q: \"" + quotes + "\r\n\r\n").utf8))
        #expect(m?.headers.count == 7)
    }
}
