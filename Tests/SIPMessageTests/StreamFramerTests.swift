import SIPMessage
import StackCore
import StackTesting
import Testing

@Suite struct StreamFramerTests {
    static func fixtures() throws -> [[UInt8]] {
        try ["invite-sdp.sip", "ringing-180.sip", "ok-200-sdp.sip", "ack.sip", "notify-sipfrag.sip"].map {
            try FixtureLocator.fixture("sip/\($0)")
        }
    }

    func drain(_ framer: inout SIPStreamFramer) throws -> [SIPStreamFramer.Event] {
        var out: [SIPStreamFramer.Event] = []
        while let e = try framer.next() { out.append(e) }
        return out
    }

    /// Three messages back to back, split at every possible byte position.
    @Test func everySplitPointYieldsTheSameMessages() throws {
        let msgs = try Self.fixtures().prefix(3)
        let stream = msgs.flatMap { $0 }
        let expected = try msgs.map { try SIPMessage(parsing: $0) }
        for cut in 1..<stream.count {
            var f = SIPStreamFramer(role: .acceptor)
            var got: [SIPStreamFramer.Event] = []
            try f.append(stream[..<cut])
            got += try drain(&f)
            try f.append(stream[cut...])
            got += try drain(&f)
            #expect(got == expected.map { .message($0) }, "cut at \(cut)")
            if got.count != 3 { break }
        }
    }

    @Test func byteByByte() throws {
        let stream = try Self.fixtures().flatMap { $0 }
        var f = SIPStreamFramer(role: .acceptor)
        var count = 0
        for b in stream {
            try f.append(CollectionOfOne(b))
            while case .message? = try f.next() { count += 1 }
        }
        #expect(count == 5 && f.bufferedCount == 0)
    }

    /// RFC 5626 §3.5.1: CRLF CRLF is a ping for the acceptor; a lone CRLF a pong for the initiator.
    @Test func keepAlives() throws {
        let invite = try FixtureLocator.fixture("sip/invite-sdp.sip")
        var server = SIPStreamFramer(role: .acceptor)
        try server.append(Array("\r\n\r\n".utf8) + invite + Array("\r\n\r\n\r\n".utf8))
        let events = try drain(&server)
        #expect(events.count == 3)
        #expect(events.first == .ping && events.last == .ping)
        #expect(server.bufferedCount == 2)
        try server.append(Array("\r".utf8))
        #expect(try server.next() == nil)
        try server.append(Array("\n".utf8))
        #expect(try server.next() == .ping)

        var client = SIPStreamFramer(role: .initiator)
        try client.append(Array("\r\n".utf8))
        #expect(try client.next() == .pong)
        try client.append(Array("\r\n".utf8) + invite)
        #expect(try client.next() == .pong)
        guard case .message? = try client.next() else { Issue.record("no message"); return }
    }

    @Test func splitPingWaitsForItsSecondHalf() throws {
        var f = SIPStreamFramer(role: .acceptor)
        try f.append(Array("\r\n".utf8))
        #expect(try f.next() == nil)
        try f.append(Array("\r\n".utf8))
        #expect(try f.next() == .ping)
    }

    @Test func missingContentLengthIsRejected() throws {
        var f = SIPStreamFramer(role: .acceptor)
        try f.append(Array("OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\n".utf8))
        do { _ = try f.next(); Issue.record("accepted") } catch { #expect(error.kind == .missingContentLength) }
    }

    @Test func bufferIsBounded() throws {
        var limits = SIPParserLimits()
        limits.maxMessageSize = 1024
        var f = SIPStreamFramer(role: .acceptor, limits: limits)
        try f.append(Array("OPTIONS sip:a@b SIP/2.0\r\n".utf8))
        let junk = [UInt8](repeating: 0x61, count: 1100)
        #expect(throws: SIPParseError.self) { try f.append(junk) }

        var big = SIPStreamFramer(role: .acceptor, limits: limits)
        try big.append(Array("OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 5000\r\n\r\n".utf8))
        #expect(throws: SIPParseError.self) { try big.next() }

        var conflicting = SIPStreamFramer(role: .acceptor)
        try conflicting.append(Array("OPTIONS sip:a@b SIP/2.0\r\nl: 1\r\nContent-Length: 2\r\n\r\nab".utf8))
        #expect(throws: SIPParseError.self) { try conflicting.next() }
    }

    /// A long stream is consumed without the buffer growing past one message.
    @Test func longStreamsStayBounded() throws {
        let ack = try FixtureLocator.fixture("sip/ack.sip")
        var f = SIPStreamFramer(role: .acceptor)
        var n = 0
        for _ in 0..<2000 {
            try f.append(ack + ack[..<10])
            while case .message? = try f.next() { n += 1 }
            try f.append(ack[10...])
            while case .message? = try f.next() { n += 1 }
            #expect(f.bufferedCount < ack.count)
        }
        #expect(n == 4000)
    }
}
