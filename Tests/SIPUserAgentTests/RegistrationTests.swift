import SIPMessage
import SIPUserAgent
import StackCore
import StackTesting
import Testing

@Suite struct RegistrationTests {
    static func configuration(expires: UInt32 = 600) throws -> RegistrationConfiguration {
        var c = RegistrationConfiguration(registrar: try SIPAnyURI(parsing: "sip:example.com"),
                                          addressOfRecord: try SIPAnyURI(parsing: "sip:alice@example.com"),
                                          contact: try SIPAnyURI(parsing: "sip:alice@192.0.2.10:5060;transport=udp"),
                                          via: (transport: "UDP", host: "192.0.2.10", port: 5060))
        c.expires = expires
        c.credentials = [DigestCredentials(username: "alice", password: "secret")]
        return c
    }

    /// The REGISTERs sent, the timers set and the states reported, from a list of actions.
    struct Outcome {
        var sent: [SIPMessage] = []
        var timer: Instant??
        var states: [RegistrationState] = []
        init(_ actions: [RegistrationAction]) {
            for a in actions {
                switch a {
                case .send(let m): sent.append(m)
                case .setTimer(let t): timer = .some(t)
                case .cancelTimer: timer = .some(nil)
                case .stateChanged(let s): states.append(s)
                }
            }
        }
        var request: SIPMessage { get throws { try #require(sent.last) } }
    }

    static func respond(_ request: SIPMessage, _ status: Int, headers: [(SIPHeaderName, String)] = []) -> SIPMessage {
        var r = request.makeResponse(status: SIPStatus(rawValue: status)!, toTag: "reg")
        for (name, value) in headers { r.appendHeader(name, value) }
        return r
    }

    static let t0 = Instant(nanoseconds: 1_000_000_000)

    @Test func registersRefreshesAndUnregisters() throws {
        var random = SeededRandom(seed: 1)
        var client = RegistrationClient(configuration: try Self.configuration(), random: &random)
        let first = Outcome(client.start(now: Self.t0, random: &random))
        let register = try first.request
        #expect(first.states == [.registering])
        #expect(register.method == .register && register.requestURI?.text.string == "sip:example.com")
        #expect(register.headers.first(.expires)?.string == "600" && register.cseq?.number == 1)
        #expect(register.headers.first(.contact)?.string == "<sip:alice@192.0.2.10:5060;transport=udp>")
        #expect(register.headers.first(.to)?.string == "<sip:alice@example.com>")
        #expect(register.topVia?.branch?.string.hasPrefix("z9hG4bK") == true)

        // The registrar grants 300 s on our contact (and lists another device's binding).
        let ok = Self.respond(register, 200, headers: [(.contact, "<sip:alice@198.51.100.7>;expires=900, <sip:alice@192.0.2.10:5060;transport=udp>;expires=300")])
        let granted = Outcome(client.receive(ok, now: Self.t0 + .seconds(1), random: &random))
        let expiry = Self.t0 + .seconds(301)
        #expect(granted.states == [.registered(expiry: expiry, granted: 300)])
        #expect(granted.timer == .some(Self.t0 + .seconds(1 + 300 - 60)))

        // A response to nothing outstanding changes nothing.
        #expect(client.receive(ok, now: Self.t0 + .seconds(2), random: &random).isEmpty)

        // The refresh: same Call-ID and From tag, the next CSeq, a new branch.
        let refresh = try Outcome(client.timerFired(now: Self.t0 + .seconds(241), random: &random)).request
        #expect(refresh.callID == register.callID && refresh.cseq?.number == 2)
        #expect(refresh.headers.first(.from) == register.headers.first(.from))
        #expect(refresh.topVia?.branch != register.topVia?.branch)
        _ = client.receive(Self.respond(refresh, 200, headers: [(.expires, "120")]), now: Self.t0 + .seconds(242), random: &random)
        #expect(client.state == .registered(expiry: Self.t0 + .seconds(362), granted: 120))

        let stop = Outcome(client.stop(now: Self.t0 + .seconds(250), random: &random))
        let removal = try stop.request
        #expect(stop.states == [.unregistering])
        #expect(removal.headers.first(.expires)?.string == "0")
        #expect(removal.headers.first(.contact)?.string == "<sip:alice@192.0.2.10:5060;transport=udp>;expires=0")
        let done = Outcome(client.receive(Self.respond(removal, 200), now: Self.t0 + .seconds(251), random: &random))
        #expect(done.states == [.unregistered] && done.timer == .some(nil))
    }

    @Test func answersChallengesAndReusesTheNonceOnRefresh() throws {
        var random = SeededRandom(seed: 2)
        var client = RegistrationClient(configuration: try Self.configuration(), random: &random)
        let register = try Outcome(client.start(now: Self.t0, random: &random)).request
        let challenge = Self.respond(register, 401, headers: [(.wwwAuthenticate, "Digest realm=\"example.com\", nonce=\"abc\", qop=\"auth\", algorithm=MD5")])
        let answered = try Outcome(client.receive(challenge, now: Self.t0, random: &random)).request
        #expect(answered.cseq?.number == 2)
        let credentials = try #require(try answered.header(.authorization, as: SIPAuthCredentials.self))
        let expected = DigestInput(algorithm: .md5, username: "alice", password: "secret", realm: "example.com", nonce: "abc",
                                   method: "REGISTER", uri: "sip:example.com", qop: .auth, cnonce: credentials.cnonce ?? "", nonceCount: 1)
        #expect(credentials.response == expected.response && credentials.uri == "sip:example.com")
        _ = client.receive(Self.respond(answered, 200), now: Self.t0, random: &random)
        #expect(client.state == .registered(expiry: Self.t0 + .seconds(600), granted: 600))
        // The refresh carries credentials at once, with the next nonce count.
        let refresh = try Outcome(client.timerFired(now: Self.t0 + .seconds(540), random: &random)).request
        #expect(try refresh.header(.authorization, as: SIPAuthCredentials.self)?.nonceCount == 2)
    }

    @Test func aWrongPasswordFailsWithoutRetrying() throws {
        var random = SeededRandom(seed: 3)
        var client = RegistrationClient(configuration: try Self.configuration(), random: &random)
        let register = try Outcome(client.start(now: Self.t0, random: &random)).request
        let challenge = [(SIPHeaderName.wwwAuthenticate, "Digest realm=\"example.com\", nonce=\"n1\"")]
        let answered = try Outcome(client.receive(Self.respond(register, 401, headers: challenge), now: Self.t0, random: &random)).request
        let again = [(SIPHeaderName.wwwAuthenticate, "Digest realm=\"example.com\", nonce=\"n2\"")]
        let outcome = Outcome(client.receive(Self.respond(answered, 401, headers: again), now: Self.t0, random: &random))
        #expect(outcome.sent.isEmpty && outcome.timer == .some(nil))
        #expect(client.state == .failed(.authenticationFailed(realm: "example.com"), retryAt: nil))
        // A stale nonce is not a wrong password.
        var other = RegistrationClient(configuration: try Self.configuration(), random: &random)
        let r = try Outcome(other.start(now: Self.t0, random: &random)).request
        let a = try Outcome(other.receive(Self.respond(r, 407, headers: [(.proxyAuthenticate, "Digest realm=\"p\", nonce=\"n1\"")]), now: Self.t0, random: &random)).request
        #expect(a.headers.contains(.proxyAuthorization))
        let stale = Outcome(other.receive(Self.respond(a, 407, headers: [(.proxyAuthenticate, "Digest realm=\"p\", nonce=\"n2\", stale=true")]),
                                          now: Self.t0, random: &random))
        #expect(stale.sent.count == 1 && other.state == .registering)
    }

    @Test func intervalTooBriefRaisesTheExpiry() throws {
        var random = SeededRandom(seed: 4)
        var client = RegistrationClient(configuration: try Self.configuration(expires: 60), random: &random)
        let register = try Outcome(client.start(now: Self.t0, random: &random)).request
        let retry = try Outcome(client.receive(Self.respond(register, 423, headers: [(.minExpires, "1800")]), now: Self.t0, random: &random)).request
        #expect(retry.headers.first(.expires)?.string == "1800")
        // A Min-Expires that is no higher cannot be met.
        let bad = Outcome(client.receive(Self.respond(retry, 423, headers: [(.minExpires, "1800")]), now: Self.t0, random: &random))
        #expect(bad.sent.isEmpty && client.state == .failed(.intervalRefused, retryAt: nil))
    }

    @Test func failuresBackOffWithJitterOrAsRetryAfterSays() throws {
        var random = SeededRandom(seed: 5)
        var client = RegistrationClient(configuration: try Self.configuration(), random: &random)
        var request = try Outcome(client.start(now: Self.t0, random: &random)).request
        var now = Self.t0
        var waits: [Double] = []
        for _ in 0..<8 {
            let outcome = Outcome(client.transactionFailed("timeout", now: now, random: &random))
            let at = try #require(outcome.timer ?? nil)
            waits.append(Double((at - now).components.seconds))
            now = at
            request = try Outcome(client.timerFired(now: now, random: &random)).request
        }
        // W = min(1800, 30 × 2^(n−1)); the wait is 50–100 % of W.
        for (i, wait) in waits.enumerated() {
            let w = min(1800.0, 30.0 * Double(1 << i))
            #expect(wait >= w / 2 - 1 && wait <= w, "failure \(i + 1) waited \(wait) s, W = \(w) s")
        }
        #expect(request.cseq?.number == 9)
        let busy = Outcome(client.receive(Self.respond(request, 503, headers: [(.retryAfter, "120 (maintenance)")]), now: now, random: &random))
        #expect(busy.timer == .some(now + .seconds(120)))
        #expect(client.state == .failed(.rejected(status: 503, reason: "Service Unavailable"), retryAt: now + .seconds(120)))
        // Success resets the backoff.
        let retry = try Outcome(client.timerFired(now: now + .seconds(120), random: &random)).request
        _ = client.receive(Self.respond(retry, 200), now: now + .seconds(121), random: &random)
        let next = try Outcome(client.timerFired(now: now + .seconds(661), random: &random)).request
        let fail = Outcome(client.transactionFailed("timeout", now: now + .seconds(700), random: &random))
        let at = try #require(fail.timer ?? nil)
        #expect((at - (now + .seconds(700))).components.seconds <= 30)
        _ = next
    }

    @Test func aNetworkChangeRegistersTheNewContactAndRemovesTheOld() throws {
        var random = SeededRandom(seed: 6)
        var client = RegistrationClient(configuration: try Self.configuration(), random: &random)
        let register = try Outcome(client.start(now: Self.t0, random: &random)).request
        _ = client.receive(Self.respond(register, 200), now: Self.t0, random: &random)
        let moved = try Outcome(client.networkChanged(contact: try SIPAnyURI(parsing: "sip:alice@203.0.113.5:5062"),
                                                      via: (transport: "UDP", host: "203.0.113.5", port: 5062),
                                                      now: Self.t0 + .seconds(10), random: &random)).request
        #expect(moved.headers.first(.contact)?.string == "<sip:alice@203.0.113.5:5062>, <sip:alice@192.0.2.10:5060;transport=udp>;expires=0")
        #expect(moved.topVia?.host.text.string == "203.0.113.5")
    }

    @Test func stopWithNothingRegisteredEndsAtOnce() throws {
        var random = SeededRandom(seed: 7)
        var client = RegistrationClient(configuration: try Self.configuration(), random: &random)
        #expect(client.stop(now: Self.t0, random: &random).isEmpty)
        let register = try Outcome(client.start(now: Self.t0, random: &random)).request
        _ = client.receive(Self.respond(register, 403), now: Self.t0, random: &random)
        let stop = Outcome(client.stop(now: Self.t0, random: &random))
        #expect(stop.sent.isEmpty && stop.states == [.unregistered])
    }
}
