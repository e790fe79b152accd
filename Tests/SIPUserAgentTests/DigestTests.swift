import SIPMessage
import SIPUserAgent
import StackCore
import StackTesting
import Testing

@Suite struct DigestVectorTests {
    /// RFC 2617 §3.5 (MD5, qop=auth).
    @Test func rfc2617Example() {
        let input = DigestInput(algorithm: .md5, username: "Mufasa", password: "Circle Of Life", realm: "testrealm@host.com",
                                nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093", method: "GET", uri: "/dir/index.html",
                                qop: .auth, cnonce: "0a4f113b", nonceCount: 1)
        #expect(input.response == "6629fae49393a05397450978507c4ef1")
        #expect(input.nc == "00000001")
    }

    /// RFC 7616 §3.9.1: the same request answered with MD5 and with SHA-256.
    @Test(arguments: [(DigestAlgorithm.md5, "8ca523f5e9506fed4657c9700eebdbec"),
                      (.sha256, "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")])
    func rfc7616Example(algorithm: DigestAlgorithm, expected: String) {
        let input = DigestInput(algorithm: algorithm, username: "Mufasa", password: "Circle of Life", realm: "http-auth@example.org",
                                nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", method: "GET", uri: "/dir/index.html",
                                qop: .auth, cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", nonceCount: 1)
        #expect(input.response == expected)
    }

    /// RFC 7616 §3.9.2 with erratum 4897's corrected values: SHA-512-256 (the FIPS function, not
    /// SHA-512 cut short), userhash, and a non-ASCII user name.
    @Test func rfc7616UserhashExample() {
        let input = DigestInput(algorithm: .sha512_256, username: "J\u{E4}s\u{F8}n Doe", password: "Secret, or not?",
                                realm: "api@example.org", nonce: "5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK", method: "GET",
                                uri: "/doe.json", qop: .auth, cnonce: "NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v", nonceCount: 1)
        #expect(input.userhash == "793263caabb707a56211940d90411ea4a575adeccb7e360aeb624ed06ece9b0b")
        #expect(input.response == "3798d4131c277846293534c3edc11bd8a5e4cdcbff78b05db9d95eeb1cec68a5")
    }

    /// The forms no RFC gives an example of, against values computed with Python's hashlib.
    @Test func sessionIntegrityAndLegacyForms() {
        let legacy = DigestInput(algorithm: .md5, username: "Mufasa", password: "Circle Of Life", realm: "testrealm@host.com",
                                 nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093", method: "GET", uri: "/dir/index.html", qop: nil)
        #expect(legacy.response == "670fd8c2df070c60b045671b8b24ff02")
        let body = Array("v=0\r\no=alice 2890844526 2890844526 IN IP4 host.atlanta.example.com\r\n".utf8)
        let integrity = DigestInput(algorithm: .md5Session, username: "alice", password: "zanzibar", realm: "atlanta.example.com",
                                    nonce: "84a4cc6f3082121f32b42a2187831a9e", method: "INVITE", uri: "sip:bob@biloxi.example.com",
                                    qop: .authInt, cnonce: "0a4f113b", nonceCount: 2, body: body)
        #expect(integrity.response == "695ca93749fb4133e1f62d2ffc3ec301")
        let session = DigestInput(algorithm: .sha256Session, username: "alice", password: "zanzibar", realm: "atlanta.example.com",
                                  nonce: "84a4cc6f3082121f32b42a2187831a9e", method: "REGISTER", uri: "sip:atlanta.example.com",
                                  qop: .auth, cnonce: "0a4f113b", nonceCount: 1)
        #expect(session.response == "3b581def6579cd334b17d01817715b01203b2850e0d8d763f86ba8893949ceab")
    }

    @Test func algorithmTokensAreCaseInsensitive() {
        #expect(DigestAlgorithm(token: "md5-SESS") == .md5Session)
        #expect(DigestAlgorithm(token: "sha-512-256") == .sha512_256)
        #expect(DigestAlgorithm(token: "SHA-1") == nil)
    }
}

@Suite struct DigestClientTests {
    static let credentials = [DigestCredentials(username: "alice", password: "zanzibar")]

    static func response(_ lines: [String]) throws -> SIPMessage {
        let text = (["SIP/2.0 401 Unauthorized", "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1", "From: <sip:alice@a.example>;tag=1",
                     "To: <sip:alice@a.example>;tag=2", "Call-ID: c1", "CSeq: 1 REGISTER"] + lines + ["Content-Length: 0", "", ""])
            .joined(separator: "\r\n")
        return try SIPMessage(parsing: Array(text.utf8))
    }

    /// The parameters of an Authorization value, as a server would read them.
    static func parameters(_ value: String) throws -> SIPAuthCredentials {
        try SIPAuthCredentials(parsing: ByteString(bytes: Array(value.utf8)), limits: .default)
    }

    @Test func answersAChallengeAsTheServerWouldCheckIt() throws {
        let message = try Self.response(["WWW-Authenticate: Digest realm=\"a.example\", nonce=\"n1\", opaque=\"op\", qop=\"auth,auth-int\", algorithm=SHA-256"])
        let (challenges, ignored) = DigestChallenge.challenges(in: message)
        #expect(ignored.isEmpty && challenges.count == 1)
        var client = DigestClient(credentials: Self.credentials)
        var random = SeededRandom(seed: 7)
        let answers = try client.authorize(challenges: challenges, method: "REGISTER", uri: "sip:a.example", random: &random)
        let a = try #require(answers.first)
        #expect(answers.count == 1 && !a.isProxy && a.realm == "a.example" && !a.isPreemptive)
        let p = try Self.parameters(a.value)
        #expect(p.scheme.string == "Digest" && p.username == "alice" && p.realm == "a.example" && p.nonce == "n1")
        #expect(p.uri == "sip:a.example" && p.qop == "auth" && p.nonceCount == 1 && p.opaque == "op" && p.algorithm == "SHA-256")
        let cnonce = try #require(p.cnonce)
        #expect(cnonce.count == 32)
        let expected = DigestInput(algorithm: .sha256, username: "alice", password: "zanzibar", realm: "a.example", nonce: "n1",
                                   method: "REGISTER", uri: "sip:a.example", qop: .auth, cnonce: cnonce, nonceCount: 1)
        #expect(p.response == expected.response)
    }

    @Test func theTopmostSupportedChallengeOfARealmIsAnsweredAndEachRealmOnce() throws {
        let message = try Self.response([
            "WWW-Authenticate: Digest realm=\"a.example\", nonce=\"n1\", algorithm=SHA-1",
            "WWW-Authenticate: Digest realm=\"a.example\", nonce=\"n2\", algorithm=SHA-512-256, qop=\"auth\"",
            "WWW-Authenticate: Digest realm=\"a.example\", nonce=\"n3\", algorithm=MD5, qop=\"auth\"",
            "Proxy-Authenticate: Digest realm=\"proxy.example\", nonce=\"p1\", qop=\"auth\"",
            "Proxy-Authenticate: Basic realm=\"proxy.example\"",
        ])
        let (challenges, ignored) = DigestChallenge.challenges(in: message)
        #expect(ignored == [.unsupportedAlgorithm("SHA-1"), .unsupportedScheme("Basic")])
        var client = DigestClient(credentials: Self.credentials + [DigestCredentials(username: "al", password: "pw", realm: "proxy.example")])
        var random = SeededRandom(seed: 1)
        let answers = try client.authorize(challenges: challenges, method: "INVITE", uri: "sip:bob@b.example", random: &random)
        #expect(answers.map(\.realm) == ["a.example", "proxy.example"])
        #expect(answers.map(\.nonce) == ["n2", "p1"])
        let proxy = try Self.parameters(answers[1].value)
        #expect(answers[1].isProxy && proxy.username == "al" && proxy.algorithm == "MD5")
    }

    @Test func aRepeatedChallengeIsAWrongPasswordUnlessStale() throws {
        var client = DigestClient(credentials: Self.credentials)
        var random = SeededRandom(seed: 2)
        let first = try client.authorize(challenges: [DigestChallenge(isProxy: false, realm: "r", nonce: "n1", qop: ["auth"])],
                                         method: "REGISTER", uri: "sip:r", random: &random)
        // Stale: the same credentials with the new nonce, counting from 1 again.
        let stale = try client.authorize(challenges: [DigestChallenge(isProxy: false, realm: "r", nonce: "n2", qop: ["auth"], stale: true)],
                                         previous: first, method: "REGISTER", uri: "sip:r", random: &random)
        let p = try Self.parameters(stale[0].value)
        #expect(p.nonce == "n2" && p.nonceCount == 1)
        #expect(throws: DigestError.credentialsRejected(realm: "r")) {
            try client.authorize(challenges: [DigestChallenge(isProxy: false, realm: "r", nonce: "n3", qop: ["auth"])],
                                 previous: stale, method: "REGISTER", uri: "sip:r", random: &random)
        }
        // A challenge to pre-emptive credentials says nothing about the password.
        let preemptive = client.preemptiveAuthorizations(method: "REGISTER", uri: "sip:r", random: &random)
        #expect(preemptive.count == 1 && preemptive[0].isPreemptive)
        let again = try client.authorize(challenges: [DigestChallenge(isProxy: false, realm: "r", nonce: "n4", qop: ["auth"])],
                                         previous: preemptive, method: "REGISTER", uri: "sip:r", random: &random)
        #expect(again.count == 1)
    }

    @Test func nonceCountsRiseAcrossRequestsAndRestartWithTheNextNonce() throws {
        var client = DigestClient(credentials: Self.credentials)
        var random = SeededRandom(seed: 3)
        _ = try client.authorize(challenges: [DigestChallenge(isProxy: false, realm: "r", nonce: "n1", qop: ["auth"])],
                                 method: "REGISTER", uri: "sip:r", random: &random)
        let counts = try (0..<3).map { _ in
            try Self.parameters(client.preemptiveAuthorizations(method: "REGISTER", uri: "sip:r", random: &random)[0].value).nonceCount
        }
        #expect(counts == [2, 3, 4])
        client.useNextNonce("n9", realm: "r")
        let next = try Self.parameters(client.preemptiveAuthorizations(method: "REGISTER", uri: "sip:r", random: &random)[0].value)
        #expect(next.nonce == "n9" && next.nonceCount == 1)
    }

    @Test func qopChoiceLegacyFormAndIntegrity() throws {
        var random = SeededRandom(seed: 4)
        var client = DigestClient(credentials: Self.credentials)
        let legacy = try Self.parameters(client.authorize(challenges: [DigestChallenge(isProxy: false, realm: "r", nonce: "n")],
                                                          method: "BYE", uri: "sip:b", random: &random)[0].value)
        #expect(legacy.qop == nil && legacy.cnonce == nil && legacy.nonceCount == nil)
        let onlyInt = try Self.parameters(client.authorize(challenges: [DigestChallenge(isProxy: false, realm: "s", nonce: "n", qop: ["auth-int"])],
                                                           method: "MESSAGE", uri: "sip:b", body: Array("hi".utf8), random: &random)[0].value)
        #expect(onlyInt.qop == "auth-int")
        client.prefersIntegrity = true
        let preferred = try Self.parameters(client.authorize(challenges: [DigestChallenge(isProxy: false, realm: "t", nonce: "n", qop: ["auth", "auth-int"])],
                                                             method: "MESSAGE", uri: "sip:b", random: &random)[0].value)
        #expect(preferred.qop == "auth-int")
        #expect(throws: DigestError.unsupportedQOP([])) {
            try client.authorize(challenges: [DigestChallenge(isProxy: false, realm: "u", nonce: "n", qop: ["token-x"])],
                                 method: "BYE", uri: "sip:b", random: &random)
        }
    }

    @Test func userhashAndNonASCIINamesAndQuoting() throws {
        var random = SeededRandom(seed: 5)
        var client = DigestClient(credentials: [DigestCredentials(username: "J\u{E4}s\u{F8}n \"Doe\"", password: "p")])
        let hashed = try Self.parameters(client.authorize(
            challenges: [DigestChallenge(isProxy: false, realm: "r", nonce: "n", algorithm: .sha256, qop: ["auth"], userhash: true)],
            method: "REGISTER", uri: "sip:r", random: &random)[0].value)
        #expect(hashed.username == DigestAlgorithm.sha256.hash("J\u{E4}s\u{F8}n \"Doe\":r"))
        #expect(hashed.parameters.value("userhash") == "true")
        let plain = try client.authorize(challenges: [DigestChallenge(isProxy: false, realm: "s", nonce: "n", qop: ["auth"])],
                                         method: "REGISTER", uri: "sip:r", random: &random)[0].value
        #expect(plain.hasPrefix("Digest username*=UTF-8''J%C3%A4s%C3%B8n%20%22Doe%22, realm=\"s\""))
        var ascii = DigestClient(credentials: [DigestCredentials(username: "a\"b\\c", password: "p")])
        let quoted = try Self.parameters(ascii.authorize(challenges: [DigestChallenge(isProxy: false, realm: "r", nonce: "n")],
                                                         method: "BYE", uri: "sip:b", random: &random)[0].value)
        #expect(quoted.username == "a\"b\\c")
    }

    @Test func missingCredentialsAndBadChallengesAreTypedErrors() throws {
        var random = SeededRandom(seed: 6)
        var client = DigestClient(credentials: [DigestCredentials(username: "a", password: "p", realm: "only.example")])
        #expect(throws: DigestError.noCredentials(realm: "other")) {
            try client.authorize(challenges: [DigestChallenge(isProxy: false, realm: "other", nonce: "n")], method: "BYE", uri: "sip:b", random: &random)
        }
        #expect(throws: DigestError.noUsableChallenge) { try client.authorize(challenges: [], method: "BYE", uri: "sip:b", random: &random) }
        let message = try Self.response(["WWW-Authenticate: Digest nonce=\"n\"", "WWW-Authenticate: Digest realm=\"r\"",
                                         "WWW-Authenticate: Digest realm=\"r\", nonce=\"n\", qop=\"auth\" trailing"])
        let (usable, ignored) = DigestChallenge.challenges(in: message)
        #expect(usable.isEmpty)
        #expect(ignored.count == 3 && ignored[0] == .missingParameter("realm") && ignored[1] == .missingParameter("nonce"))
        if case .malformedChallenge = ignored[2] {} else { Issue.record("expected a malformed challenge, got \(ignored[2])") }
    }

    @Test func realmsAreBounded() throws {
        var client = DigestClient(credentials: Self.credentials)
        var random = SeededRandom(seed: 8)
        for i in 0..<(DigestClient.maximumRealms + 10) {
            _ = try client.authorize(challenges: [DigestChallenge(isProxy: false, realm: "r\(i)", nonce: "n")], method: "BYE", uri: "sip:b", random: &random)
        }
        #expect(client.preemptiveAuthorizations(method: "BYE", uri: "sip:b", random: &random).count == DigestClient.maximumRealms)
    }
}
