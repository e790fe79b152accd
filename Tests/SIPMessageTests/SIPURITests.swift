import SIPMessage
import StackCore
import Testing

@Suite struct SIPURITests {
    func uri(_ s: String) throws -> SIPURI { try SIPURI(parsing: ByteString(s)) }

    @Test func partsOfAFullURI() throws {
        let u = try uri("sips:alice:secret@[2001:db8::1]:5061;transport=tcp;lr;maddr=239.255.255.1?subject=hi&priority=urgent")
        #expect(u.scheme == .sips && u.user == "alice" && u.password == "secret")
        #expect(u.host.kind == .ipv6 && u.host.text == "2001:db8::1" && u.port == 5061)
        #expect(u.transport == "tcp" && u.isLooseRouting && u.maddr == "239.255.255.1")
        #expect(u.headers == "subject=hi&priority=urgent")
        #expect(u.effectivePort == 5061)
        #expect(try uri("sip:example.com").effectivePort == 5060)
        #expect(try uri("SIP:Bob@Example.COM").scheme == .sip)
    }

    /// RFC 3261 §19.1.4: the pairs the section lists as equivalent.
    @Test(arguments: [
        ("sip:%61lice@atlanta.com;transport=TCP", "sip:alice@AtLanTa.CoM;Transport=tcp"),
        ("sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5"),
        ("sip:carol@chicago.com", "sip:carol@chicago.com;security=on"),
        ("sip:carol@chicago.com;newparam=5", "sip:carol@chicago.com;security=on"),
        ("sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com",
         "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com"),
        ("sip:alice@atlanta.com?subject=project%20x&priority=urgent",
         "sip:alice@atlanta.com?priority=urgent&subject=project%20x"),
        ("sip:alice@[2001:db8::1]", "sip:alice@[2001:0DB8:0:0::1]"),
    ])
    func equivalent(_ a: String, _ b: String) throws {
        #expect(try uri(a) == uri(b))
        #expect(try uri(a).hashValue == uri(b).hashValue)
    }

    /// RFC 3261 §19.1.4: the pairs the section lists as not equivalent.
    @Test(arguments: [
        ("SIP:ALICE@AtLanTa.CoM;Transport=udp", "sip:alice@AtLanTa.CoM;Transport=UDP"),
        ("sip:bob@biloxi.com", "sip:bob@biloxi.com:5060"),
        ("sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp"),
        ("sip:bob@biloxi.com", "sip:bob@biloxi.com:6000;transport=tcp"),
        ("sip:carol@chicago.com", "sip:carol@chicago.com?Subject=next%20meeting"),
        ("sip:bob@phone21.boxesbybob.com", "sip:bob@192.0.2.4"),
        ("sip:alice@atlanta.com", "sips:alice@atlanta.com"),
        ("sip:alice@atlanta.com;user=phone", "sip:alice@atlanta.com"),
        ("sip:alice@atlanta.com;maddr=192.0.2.1", "sip:alice@atlanta.com"),
    ])
    func notEquivalent(_ a: String, _ b: String) throws {
        #expect(try uri(a) != uri(b))
    }

    @Test(arguments: [
        "sip:", "sip:@example.com", "sip:user@", "sip:user@exa mple.com", "sip:user@example.com:99999",
        "sip:user@[2001:db8::1", "sip:user@2001:db8::1", "sip:user@example.com;", "sip:user@example.com;=x",
        "sip:us%2er@%zz", "sip:user@example.com?noequals", "http:", "sip:user@[2001:db8:::1]",
        "sip:user@-bad.example.com", "sip:user@a..b",
    ])
    func rejected(_ text: String) {
        #expect(throws: SIPParseError.self) { try SIPAnyURI(parsing: ByteString(text)) }
    }

    @Test func parameterLimitIsEnforced() {
        var limits = SIPParserLimits()
        limits.maxParameters = 3
        #expect(throws: SIPParseError.self) { try SIPURI(parsing: "sip:a@b;p1;p2;p3;p4", limits: limits) }
        #expect((try? SIPURI(parsing: "sip:a@b;p1;p2;p3", limits: limits)) != nil)
    }

    @Test func telURIs() throws {
        guard case .tel(let t) = try SIPAnyURI(parsing: "tel:+1-201-555-0123;ext=1234") else { Issue.record("not tel"); return }
        #expect(t.isGlobal && t.normalizedNumber == "+12015550123" && t.parameters.value("ext") == "1234")
        guard case .tel(let local) = try SIPAnyURI(parsing: "tel:7042;phone-context=example.com") else { Issue.record("not tel"); return }
        #expect(!local.isGlobal && local.parameters.value("phone-context") == "example.com")
        #expect(try TelURI(parsing: "tel:+1(201)555-0123") == TelURI(parsing: "tel:+12015550123"))
        #expect(throws: SIPParseError.self) { try TelURI(parsing: "tel:+1 201") }
        #expect(throws: SIPParseError.self) { try TelURI(parsing: "tel:+") }
    }

    @Test func buildingEscapesTheUser() throws {
        let u = try SIPURI(user: "I have spaces", host: "example.com", port: 5070, parameters: [("transport", "tcp"), ("lr", nil)])
        #expect(u.text == "sip:I%20have%20spaces@example.com:5070;transport=tcp;lr")
        #expect(u.decodedUser == "I have spaces")
        #expect(try SIPURI(host: "2001:db8::5").text == "sip:[2001:db8::5]")
    }

    @Test func ipv6TextForms() {
        #expect(SIPHost("[::1]")?.kind == .ipv6)
        #expect(SIPHost("::ffff:192.0.2.1")?.kind == .ipv6)
        #expect(SIPHost("1:2:3:4:5:6:7:8")?.kind == .ipv6)
        #expect(SIPHost("1:2:3:4:5:6:7:8:9") == nil)
        #expect(SIPHost("1::2::3") == nil)
        #expect(SIPHost("12345::") == nil)
        #expect(SIPHost("192.0.2.256") == nil)
        #expect(SIPHost("192.0.2.1")?.kind == .ipv4)
        #expect(SIPHost("Example.COM") == SIPHost("example.com"))
    }
}
