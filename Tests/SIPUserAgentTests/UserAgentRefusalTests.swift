import SIPMessage
import SIPTransaction
import SIPUserAgent
import StackCore
import StackTesting
import Testing

/// What a UAS answers before (or instead of) serving a request (RFC 3261 §8.2, §9.2, §11, §12.2.2).
@Suite struct UserAgentRefusalTests {
    static func core(_ configure: (inout UserAgentConfiguration) -> Void = { _ in }) throws -> UserAgentCore {
        let identity = try SIPNameAddress(uri: SIPAnyURI(parsing: "sip:bob@192.0.2.2"))
        var configuration = UserAgentConfiguration(identity: identity, endpoints: [SIPLocalEndpoint(transport: "UDP", host: "192.0.2.2", port: 5060)])
        configure(&configuration)
        return UserAgentCore(configuration: configuration, random: SeededRandom(seed: 3))
    }

    static func request(_ method: String, toTag: String? = nil, branch: String = "z9hG4bK-1", cseq: Int = 1,
                        extra: String = "", body: String = "") throws -> SIPMessage {
        let to = "<sip:bob@192.0.2.2>" + (toTag.map { ";tag=\($0)" } ?? "")
        return try SIPMessage(parsing: """
            \(method) sip:bob@192.0.2.2 SIP/2.0\r
            Via: SIP/2.0/UDP 192.0.2.1;branch=\(branch)\r
            Max-Forwards: 70\r
            To: \(to)\r
            From: <sip:alice@192.0.2.1>;tag=a1\r
            Call-ID: call-1\r
            CSeq: \(cseq) \(method)\r
            Contact: <sip:alice@192.0.2.1>\r
            \(extra)Content-Length: \(body.utf8.count)\r
            \r
            \(body)
            """)
    }

    /// The responses a request gets, in order.
    static func responses(_ actions: [UserAgentAction]) -> [SIPMessage] {
        actions.compactMap { if case .respond(let r, _) = $0 { return r } else { return nil } }
    }

    static func incoming(_ actions: [UserAgentAction]) -> SessionID? {
        for a in actions { if case .event(.incomingCall(let id, _)) = a { return id } }
        return nil
    }

    let t = TransactionID(rawValue: 1)

    @Test func unknownMethodGets405WithAllow() throws {
        var core = try Self.core()
        let r = Self.responses(core.receiveRequest(try Self.request("PUBLISH"), transaction: t, now: .zero))
        #expect(r.map(\.status) == [.methodNotAllowed])
        #expect(r.first?.headers.first(.allow) == "INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, PRACK, INFO, MESSAGE, REFER, NOTIFY")
    }

    @Test func unsupportedRequireGets420() throws {
        var core = try Self.core { $0.supportedOptions = ["timer"] }
        let r = Self.responses(core.receiveRequest(try Self.request("INVITE", extra: "Require: timer, foo\r\n"), transaction: t, now: .zero))
        #expect(r.map(\.status) == [.badExtension])
        #expect(r.first?.headers.first(.unsupported) == "foo")
        #expect(core.sessionCount == 0)
    }

    @Test func unknownBodyTypeGets415WithAccept() throws {
        var core = try Self.core()
        let r = Self.responses(core.receiveRequest(
            try Self.request("INVITE", extra: "Content-Type: text/plain\r\n", body: "hi"), transaction: t, now: .zero))
        #expect(r.map(\.status) == [.unsupportedMediaType])
        #expect(r.first?.headers.first(.accept) == "application/sdp")
        let gz = Self.responses(core.receiveRequest(
            try Self.request("INVITE", extra: "Content-Type: application/sdp\r\nContent-Encoding: gzip\r\n", body: "v=0"),
            transaction: t, now: .zero))
        #expect(gz.map(\.status) == [.unsupportedMediaType])
        #expect(gz.first?.headers.first(.acceptEncoding) == "identity")
    }

    @Test func requestInUnknownDialogGets481() throws {
        var core = try Self.core()
        for method in ["BYE", "INVITE"] {
            let r = Self.responses(core.receiveRequest(try Self.request(method, toTag: "nope", cseq: 2), transaction: t, now: .zero))
            #expect(r.map(\.status) == [.callDoesNotExist])
        }
        // A CANCEL that matches no INVITE transaction (§9.2), and a BYE without To tag.
        #expect(Self.responses(core.receiveRequest(try Self.request("CANCEL"), transaction: t, cancelling: nil, now: .zero)).map(\.status)
                == [.callDoesNotExist])
        #expect(Self.responses(core.receiveRequest(try Self.request("BYE"), transaction: t, now: .zero)).map(\.status) == [.callDoesNotExist])
    }

    @Test func mergedRequestGets482() throws {
        var core = try Self.core()
        let first = core.receiveRequest(try Self.request("INVITE", branch: "z9hG4bK-a"), transaction: t, now: .zero)
        #expect(Self.incoming(first) != nil)
        // The same INVITE forked back to us by another path: same Call-ID, From tag and CSeq, another branch.
        let r = Self.responses(core.receiveRequest(try Self.request("INVITE", branch: "z9hG4bK-b"), transaction: TransactionID(rawValue: 2), now: .zero))
        #expect(r.map(\.status) == [.loopDetected])
        #expect(core.sessionCount == 1)
    }

    @Test func outOfOrderCSeqGets500() throws {
        var core = try Self.core()
        let id = try #require(Self.incoming(core.receiveRequest(try Self.request("INVITE", cseq: 5), transaction: t, now: .zero)))
        let answer = core.answer(id, body: "v=0\r\n", now: .zero)
        let ok = try #require(Self.responses(answer).first)
        let tag = try #require(ok.to?.tag?.string)
        let stale = Self.responses(core.receiveRequest(try Self.request("BYE", toTag: tag, cseq: 4), transaction: TransactionID(rawValue: 2), now: .zero))
        #expect(stale.map(\.status) == [.serverInternalError])
        #expect(core.state(of: id) == .connecting)
        let bye = Self.responses(core.receiveRequest(try Self.request("BYE", toTag: tag, cseq: 6), transaction: TransactionID(rawValue: 3), now: .zero))
        #expect(bye.map(\.status) == [.ok])
        #expect(core.state(of: id) == nil)
        #expect(core.armedTimerCount == 0)
    }

    @Test func overloadGets503WithRetryAfter() throws {
        var core = try Self.core { $0.maximumSessions = 1; $0.overloadRetryAfter = 7 }
        _ = core.receiveRequest(try Self.request("INVITE"), transaction: t, now: .zero)
        var second = try Self.request("INVITE")
        second.setHeader(.callID, "call-2")
        let r = Self.responses(core.receiveRequest(second, transaction: TransactionID(rawValue: 2), now: .zero))
        #expect(r.map(\.status) == [.serviceUnavailable])
        #expect(r.first?.headers.first(.retryAfter) == "7")
    }

    @Test func optionsListsCapabilities() throws {
        var core = try Self.core()
        let r = try #require(Self.responses(core.receiveRequest(try Self.request("OPTIONS"), transaction: t, now: .zero)).first)
        #expect(r.status == .ok)
        #expect(r.to?.tag != nil)
        #expect(r.headers.first(.allow) == "INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, PRACK, INFO, MESSAGE, REFER, NOTIFY")
        #expect(r.headers.first(.accept) == "application/sdp")
        #expect(r.headers.first(.supported) == "100rel, timer, replaces")
        // The response must survive a round trip through the parser.
        #expect(throws: Never.self) { try SIPMessage(parsing: r.serialized()) }
    }

    @Test func answeredCallCarriesContactAllowAndServer() throws {
        var core = try Self.core()
        let id = try #require(Self.incoming(core.receiveRequest(try Self.request("INVITE"), transaction: t, now: .zero)))
        let ringing = try #require(Self.responses(core.ring(id, now: .zero)).first)
        #expect(ringing.status == .ringing)
        #expect(ringing.contact?.contacts.first?.address.uri.text == "sip:bob@192.0.2.2:5060")
        let ok = try #require(Self.responses(core.answer(id, body: "v=0\r\n", now: .zero)).first)
        #expect(ok.to?.tag == ringing.to?.tag)
        #expect(ok.headers.first(.contentType) == "application/sdp")
        #expect(ok.body == "v=0\r\n")
        #expect(ok.headers.first(.allow) != nil)
        #expect(ok.headers.first(.server) == "SwiftSIPStack")
        #expect(throws: Never.self) { try SIPMessage(parsing: ok.serialized()) }
    }
}
