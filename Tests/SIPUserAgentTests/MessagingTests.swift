import SIPMessage
import SIPTransaction
import SIPUserAgent
import StackCore
import StackTesting
import Testing

/// MESSAGE (RFC 3428) outside and inside calls, INFO with DTMF relay, and the refusals they meet,
/// between cores over the simulated network.
@Suite struct MessagingTests {
    typealias Sim = UserAgentSimulation
    static func ms(_ n: Int64) -> Instant { .zero + .milliseconds(n) }

    static func ended(_ sim: Sim, _ i: Int) -> [RequestOutcome] {
        sim.events[i].compactMap { if case .requestEnded(_, let o, _) = $0 { return o } else { return nil } }
    }

    static func messages(_ sim: Sim, _ i: Int) -> [(SessionID?, SIPMessage)] {
        sim.events[i].compactMap { if case .messageReceived(let id, let m) = $0 { return (id, m) } else { return nil } }
    }

    static func keys(_ sim: Sim, _ i: Int) -> [DTMFRelay] {
        sim.events[i].compactMap { if case .dtmfReceived(_, let k) = $0 { return k } else { return nil } }
    }

    @Test func pagerModeMessageIsDeliveredAndAnswered200() throws {
        var sim = try Sim(count: 2)
        var wire: [SIPMessage] = []
        sim.drop = { wire.append($0); return false }
        sim.act(0) { core, now in
            let (id, actions) = core.sendMessage(to: Sim.uri(1), body: "hello, ua1", now: now)
            #expect(id != nil)
            return actions
        }
        sim.run()
        #expect(Self.ended(sim, 0) == [.delivered(status: 200)])
        let received = Self.messages(sim, 1)
        #expect(received.count == 1)
        #expect(received.first?.0 == nil)
        #expect(received.first?.1.body == "hello, ua1")
        #expect(received.first?.1.contentType?.mediaType == "text/plain")
        let ok = try #require(wire.first { $0.status == .ok })
        // RFC 3428 §7: a 2xx to MESSAGE carries no Contact and no body; outside a dialog it has a To tag.
        #expect(ok.headers.first(.contact) == nil && ok.body.isEmpty && ok.to?.tag != nil)
        let request = try #require(wire.first { $0.method == .message })
        #expect(request.headers.first(.contact) == nil && request.to?.tag == nil && request.cseq?.number == 1)
        InviteSessionTests.expectClean(sim)
    }

    @Test func messageOfAnUnacceptedTypeIsRefused415WithAccept() throws {
        var sim = try Sim(count: 2)
        var refusal: SIPMessage?
        sim.drop = { if $0.status == .unsupportedMediaType { refusal = $0 }; return false }
        sim.act(0) { core, now in core.sendMessage(to: Sim.uri(1), body: "<p>hi</p>", contentType: "text/html", now: now).1 }
        sim.run()
        #expect(Self.ended(sim, 0) == [.refused(status: 415, reason: "Unsupported Media Type")])
        #expect(refusal?.headers.first(.accept) == "text/plain, message/cpim, application/im-iscomposing+xml")
        #expect(Self.messages(sim, 1).isEmpty)
    }

    @Test func messageToNobodyEndsUnreachableAfterTimerF() throws {
        var sim = try Sim(count: 2)
        sim.drop = { $0.method == .message }
        sim.act(0) { core, now in core.sendMessage(to: Sim.uri(1), body: "anyone?", now: now).1 }
        sim.run()
        #expect(Self.ended(sim, 0) == [.unreachable("timeout")])
        #expect(sim.now >= Self.ms(32_000))
        InviteSessionTests.expectClean(sim)
    }

    @Test func challengedMessageIsSentAgainWithCredentials() throws {
        var core = try UserAgentRefusalTests.core {
            $0.credentials = [DigestCredentials(username: "bob", password: "secret")]
        }
        let (id, actions) = core.sendMessage(to: try SIPAnyURI(parsing: "sip:alice@192.0.2.1"), body: "hi", now: .zero)
        let first = try #require(Self.sent(actions).first)
        var challenge = first.makeResponse(status: .proxyAuthenticationRequired, toTag: "x")
        challenge.appendHeader(.proxyAuthenticate, #"Digest realm="example.org", nonce="abc", qop="auth""#)
        let again = try #require(Self.sent(core.receiveResponse(challenge, now: .zero)).first)
        #expect(again.cseq?.number == 2 && again.callID == first.callID && again.from?.tag == first.from?.tag)
        #expect(again.topVia?.branch != first.topVia?.branch)
        #expect(again.headers.first(.proxyAuthorization)?.string.contains(#"username="bob""#) == true)
        let events = core.receiveResponse(again.makeResponse(status: .ok, toTag: "x"), now: .zero)
        #expect(events.contains { if case .event(.requestEnded(id!, .delivered(200), _)) = $0 { return true } else { return false } })
        // A second challenge for the same realm without stale=true: the credentials are wrong.
        let (_, actions2) = core.sendMessage(to: try SIPAnyURI(parsing: "sip:alice@192.0.2.1"), body: "hi", now: .zero)
        let m2 = try #require(Self.sent(actions2).first)
        var c2 = m2.makeResponse(status: .unauthorized, toTag: "y")
        c2.appendHeader(.wwwAuthenticate, #"Digest realm="example.org", nonce="n1""#)
        let a2 = try #require(Self.sent(core.receiveResponse(c2, now: .zero)).first)
        var c3 = a2.makeResponse(status: .unauthorized, toTag: "y")
        c3.appendHeader(.wwwAuthenticate, #"Digest realm="example.org", nonce="n2""#)
        let last = core.receiveResponse(c3, now: .zero)
        #expect(last.contains { if case .event(.requestEnded(_, .authenticationFailed(realm: "example.org"), _)) = $0 { return true } else { return false } })
    }

    static func sent(_ actions: [UserAgentAction]) -> [SIPMessage] {
        actions.compactMap { if case .send(let m, _) = $0 { return m } else { return nil } }
    }

    @Test func dtmfByInfoAndMessagesInsideACall() throws {
        var sim = try Sim(count: 2)
        sim.onEvent = InviteSessionTests.callee()
        let id = try InviteSessionTests.place(&sim)
        sim.at(Self.ms(1000), 0) { sim in
            for key: Character in ["1", "#", "d"] {
                sim.act(0) { $0.sendDTMF(in: id, DTMFRelay(signal: key, durationMilliseconds: 120)!, now: $1).1 }
            }
        }
        sim.at(Self.ms(2000), 1) { sim in
            let callee = InviteSessionTests.incomingSession(sim)!
            sim.act(1) { $0.sendMessage(in: callee, body: "in the call", now: $1).1 }
        }
        sim.at(Self.ms(3000), 0) { $0.act(0) { $0.hangUp(id, now: $1) } }
        sim.run()
        #expect(Self.keys(sim, 1).map(\.signal) == ["1", "#", "D"])
        #expect(Self.keys(sim, 1).allSatisfy { $0.durationMilliseconds == 120 })
        #expect(Self.ended(sim, 0) == Array(repeating: .delivered(status: 200), count: 3))
        #expect(Self.ended(sim, 1) == [.delivered(status: 200)])
        #expect(Self.messages(sim, 0).map { $0.0 } == [id])
        #expect(sim.cores[0].dialog(of: id) == nil)
        InviteSessionTests.expectClean(sim)
    }

    @Test func infoToAPeerThatForgotTheCallEndsIt481() throws {
        var sim = try Sim(count: 2)
        sim.onEvent = InviteSessionTests.callee()
        sim.drop = { $0.method == .bye }  // the callee hangs up, and its BYE never arrives
        let id = try InviteSessionTests.place(&sim)
        sim.at(Self.ms(1000), 1) { sim in
            let callee = InviteSessionTests.incomingSession(sim)!
            sim.act(1) { $0.hangUp(callee, now: $1) }
        }
        sim.at(Self.ms(40_000), 0) { $0.act(0) { $0.sendDTMF(in: id, DTMFRelay(signal: "5")!, now: $1).1 } }
        sim.run()
        #expect(Self.ended(sim, 0) == [.refused(status: 481, reason: "Call/Transaction Does Not Exist")])
        #expect(sim.states(0, id).last == .ended(.dialogFailed(status: 481)))
    }

    @Test func infoRefusals() throws {
        var core = try UserAgentRefusalTests.core()
        let t = TransactionID(rawValue: 1)
        func status(_ extra: String, _ body: String) throws -> SIPStatus? {
            UserAgentRefusalTests.responses(core.receiveRequest(try UserAgentRefusalTests.request("INFO", toTag: "b1", extra: extra, body: body),
                                                               transaction: t, now: .zero)).first?.status
        }
        // RFC 6086 §4.2.2: an Info Package this side does not support.
        #expect(try status("Info-Package: foo\r\nContent-Type: application/foo\r\n", "x") == SIPStatus(rawValue: 469))
        #expect(try status("Content-Type: application/foo\r\n", "x") == .unsupportedMediaType)
        // Outside any known dialog.
        #expect(try status("Content-Type: application/dtmf-relay\r\n", "Signal=1\r\n") == .callDoesNotExist)
        var small = try UserAgentRefusalTests.core { $0.maximumRequestBody = 8 }
        let big = try UserAgentRefusalTests.request("MESSAGE", extra: "Content-Type: text/plain\r\n", body: "0123456789")
        #expect(UserAgentRefusalTests.responses(small.receiveRequest(big, transaction: t, now: .zero)).first?.status == .requestEntityTooLarge)
    }

    @Test(arguments: [
        ("application/dtmf-relay", "Signal=5\r\nDuration=160\r\n", "5", 160),
        ("application/dtmf-relay", "signal= #\nduration= 90\n", "#", 90),
        ("application/dtmf-relay", "Signal=16\r\nDuration=2000\r\n", "!", 2000),
        ("application/dtmf-relay", "Signal=a\r\n", "A", 250),
        ("application/dtmf-relay", "Signal=*\r\nDuration=99999999999\r\n", "*", 60_000),
        ("application/dtmf", "7", "7", 250),
    ])
    func dtmfRelayBodiesAreRead(type: String, body: String, key: String, duration: Int) throws {
        let relay = try #require(DTMFRelay(body: ByteString(body), mediaType: type))
        #expect(relay.signal == Character(key))
        #expect(relay.durationMilliseconds == duration)
        #expect(DTMFRelay(body: relay.body, mediaType: DTMFRelay.mediaType) == relay)
    }

    @Test(arguments: ["Signal=X\r\n", "Duration=100\r\n", "", "Signal=55\r\n", "Signal\r\n"])
    func invalidDTMFRelayBodiesAreRejected(body: String) {
        #expect(DTMFRelay(body: ByteString(body), mediaType: DTMFRelay.mediaType) == nil)
    }
}
