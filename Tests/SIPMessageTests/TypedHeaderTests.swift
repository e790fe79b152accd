import SIPMessage
import StackCore
import StackTesting
import Testing

@Suite struct TypedHeaderTests {
    @Test func digestChallengesAndCredentials() throws {
        let m = try SIPMessage(parsing: FixtureLocator.fixture("sip/unauthorized-401-kamailio.sip"))
        let challenges = try m.headerList(.wwwAuthenticate, as: SIPAuthChallenge.self)
        #expect(challenges.count == 2)
        #expect(challenges[0].isDigest && challenges[0].algorithm == "SHA-256" && challenges[0].qopOptions == ["auth"])
        #expect(challenges[1].qopOptions == ["auth", "auth-int"] && !challenges[1].isStale && challenges[1].algorithm == "MD5")
        #expect(challenges[0].realm == "pbx.example.com")
        let cred = try SIPAuthCredentials(parsing: "Digest username=\"bob\", realm=\"biloxi.com\", nonce=\"dcd98b\", uri=\"sip:bob@biloxi.com\", qop=auth, nc=0000000a, cnonce=\"0a4f113b\", response=\"6629fae4\", opaque=\"5ccc\", algorithm=MD5", header: .authorization)
        #expect(cred.username == "bob" && cred.nonceCount == 10 && cred.qop == "auth" && cred.response == "6629fae4")
        let info = try SIPAuthenticationInfo(parsing: "nextnonce=\"47364c23432d2e131a5fb210812c\", rspauth=\"abcd\"", header: .authenticationInfo)
        #expect(info.nextNonce == "47364c23432d2e131a5fb210812c" && info.responseAuth == "abcd")
        #expect(throws: SIPParseError.self) { try SIPAuthChallenge(parsing: "Digest realm=", header: .wwwAuthenticate) }
        #expect(throws: SIPParseError.self) { try SIPAuthChallenge(parsing: "Digest realm=\"a\" nonce=\"b\"", header: .wwwAuthenticate) }
    }

    @Test func eventsAndSubscriptions() throws {
        let m = try SIPMessage(parsing: FixtureLocator.fixture("sip/notify-sipfrag.sip"))
        let event = try #require(try m.header(.event, as: SIPEvent.self))
        #expect(event.package == "refer" && event.id == "93809824")
        let state = try #require(try m.header(.subscriptionState, as: SIPSubscriptionState.self))
        #expect(state.state == "terminated" && state.reason == "noresource")
        #expect(try SIPSubscriptionState(parsing: "active;expires=600", header: .subscriptionState).expires == 600)
        #expect(m.contentType?.parameters.value("version") == "2.0")
    }

    @Test func dialogExtensionHeaders() throws {
        let r = try SIPReplaces(parsing: "425928@bobster.example.org;to-tag=7743;from-tag=6472;early-only", header: .replaces)
        #expect(r.callID == "425928@bobster.example.org" && r.toTag == "7743" && r.fromTag == "6472" && r.earlyOnly)
        #expect(throws: SIPParseError.self) { try SIPReplaces(parsing: "abc;to-tag=1", header: .replaces) }
        let rack = try SIPRAck(parsing: "776656 1 INVITE", header: .rAck)
        #expect(rack.responseNumber == 776656 && rack.sequence == 1 && rack.method == .invite)
        #expect(try SIPRSeq(parsing: "988789", header: .rSeq).value == 988789)
        #expect(throws: SIPParseError.self) { try SIPRSeq(parsing: "4294967296", header: .rSeq) }
        let se = try SIPDeltaSeconds(parsing: "1800;refresher=uac", header: .sessionExpires)
        #expect(se.seconds == 1800 && se.refresher == "uac")
        let retry = try SIPDeltaSeconds(parsing: "18000;duration=3600", header: .retryAfter)
        #expect(retry.seconds == 18000 && retry.duration == 3600)
        #expect(try SIPDeltaSeconds(parsing: "120 (I'm in a meeting)", header: .retryAfter).seconds == 120)
        #expect(throws: SIPParseError.self) { try SIPDeltaSeconds(parsing: "949302838503028349304023988", header: .retryAfter) }
    }

    @Test func reasonsWarningsAndLists() throws {
        let reason = try SIPReason(parsing: "Q.850;cause=16;text=\"Terminated\"", header: .reason)
        #expect(reason.protocol == "Q.850" && reason.cause == 16 && reason.text == "Terminated")
        let w = try SIPWarning(parsing: "307 isi.edu \"Session parameter 'foo' not understood\"", header: .warning)
        #expect(w.code == 307 && w.agent == "isi.edu" && w.text == "Session parameter 'foo' not understood")
        #expect(throws: SIPParseError.self) { try SIPWarning(parsing: "1812 overture.com \"x\"", header: .warning) }
        let m = try SIPMessage(parsing: FixtureLocator.fixture("sip/invite-sdp.sip"))
        #expect(try m.optionTags(.allow).count == 11)
        #expect(try m.optionTags(.supported) == ["replaces", "timer", "100rel"])
        #expect(m.userAgent == "SwiftSIPStack/0.1")
        let range = try SIPMediaRange(parsing: "application/*;q=0.5", header: .accept)
        #expect(range.matches("application/sdp") && !range.matches("text/plain"))
    }

    @Test func referToAndReferredBy() throws {
        let refer = try SIPNameAddress(parsing: "<sip:carol@chicago.example.com?Replaces=12345%40192.0.2.1%3Bto-tag%3D12345%3Bfrom-tag%3D5FFE-3994>", header: .referTo)
        #expect(refer.uri.sipURI?.headers == "Replaces=12345%40192.0.2.1%3Bto-tag%3D12345%3Bfrom-tag%3D5FFE-3994")
        let by = try SIPNameAddress(parsing: "sip:referrer@atlanta.example.com", header: .referredBy)
        #expect(by.uri.text == "sip:referrer@atlanta.example.com")
    }

    /// Field checks on the real-world-shaped fixtures.
    @Test func realWorldFixtures() throws {
        let pbx = try SIPMessage(parsing: FixtureLocator.fixture("sip/invite-pbx.sip"))
        #expect(pbx.checkRequest() == nil)
        #expect(pbx.topVia?.branch?.string.hasPrefix("z9hG4bKPj") == true && pbx.topVia?.rport == .some(nil))
        #expect(pbx.requestURI?.sipURI?.transport == "udp" && pbx.requestURI?.sipURI?.port == 5060)
        #expect(try pbx.header(.sessionExpires, as: SIPDeltaSeconds.self)?.seconds == 1800)
        #expect(try pbx.header(.minSE, as: SIPDeltaSeconds.self)?.seconds == 90)
        #expect(try pbx.header(.pAssertedIdentity, as: SIPNameAddress.self)?.displayName == "Reception")
        #expect(pbx.contentType?.mediaType == "application/sdp" && pbx.body.count == pbx.declaredContentLength)

        let web = try SIPMessage(parsing: FixtureLocator.fixture("sip/invite-webrtc-wss.sip"))
        #expect(web.topVia?.transport == "WSS" && web.topVia?.host.text == "df7jal23ls0d.invalid")
        let c = try #require(web.contact?.contacts.first?.address.uri.sipURI)
        #expect(c.transport == "ws" && c.parameters.contains("ob"))
        #expect(web.maxForwards == 69)

        let reg = try SIPMessage(parsing: FixtureLocator.fixture("sip/register-deskphone.sip"))
        let contact = try #require(reg.contact?.contacts.first)
        #expect(contact.expires == 3600 && contact.address.parameters.value("reg-id") == "1")
        #expect(contact.address.parameters["+sip.instance"]?.unquotedValue == "<urn:uuid:00000000-0000-1000-8000-000b82a1b2c3>")
        #expect(try reg.expires() == 3600 && reg.from?.displayName == "Desk 204")

        let ok = try SIPMessage(parsing: FixtureLocator.fixture("sip/ok-200-sdp.sip"))
        #expect(ok.checkResponse() == nil)
        #expect(try ok.recordRoutes().first?.uri.sipURI?.isLooseRouting == true)
        #expect(ok.topVia?.received == "192.0.2.10" && ok.topVia?.rport == .some(5060))
        let thirty = try SIPMessage(parsing: FixtureLocator.fixture("sip/thirty-headers.sip"))
        #expect(thirty.headers.count == 30)
    }
}
