import Foundation
import SIPMessage
import StackCore
import StackTesting
import Testing

/// The facts RFC 4475's MANIFEST says a parser must extract from each valid message.
@Suite struct TortureFactsTests {
    static func load(_ name: String) throws -> SIPMessage? {
        guard let dir = FixtureLocator.sharedCorpora else { print("SKIP: ../shared/corpora absent"); return nil }
        return try SIPMessage(parsing: Array(Data(contentsOf: dir.appendingPathComponent(name))))
    }

    @Test func wsinv() throws {
        guard let m = try Self.load("rfc4475/wsinv.dat") else { return }
        #expect(m.method == .invite)
        let uri = try #require(m.requestURI?.sipURI)
        #expect(uri.parameters.contains("unknownparam") && uri.parameters.value("unknownparam") == nil)
        #expect(m.to?.uri.text == "sip:vivekg@chair-dnrc.example.com" && m.to?.displayName == nil)
        #expect(m.to?.tag == "1918181833n")
        #expect(m.from?.displayName == "J Rosenberg \\\"")
        #expect(m.from?.tag == "98asjd8")
        #expect(m.maxForwards == 68)
        #expect(m.cseq == SIPCSeq(number: 9, method: .invite))
        #expect(m.callID == "wsinv.ndaksdj@192.0.2.1")
        #expect(m.declaredContentLength == 150 && m.body.count == 150)
        #expect(m.via.count == 3)
        #expect(m.via[0].transport == "UDP" && m.via[0].host.text == "192.0.2.2" && m.via[0].branch == "390skdjuw")
        #expect(!m.via[0].hasRFC3261Branch)
        #expect(m.via[1].transport == "TCP" && m.via[1].host.text == "spindle.example.com" && m.via[1].branch == "z9hG4bK9ikj8")
        #expect(m.via[2].host.text == "192.168.255.111" && m.via[2].branch == "z9hG4bK30239")
        #expect(m.headers.first(.subject) == "")
        let contact = try #require(m.contact?.contacts.first)
        #expect(contact.address.displayName == "Quoted string \"\"")
        #expect(contact.address.parameters.value("newparam") == "newvalue")
        #expect(contact.address.parameters.contains("secondparam"))
        #expect(contact.q == 0.33)
        let route = try m.routes()
        #expect(route.count == 1 && route[0].uri.sipURI?.isLooseRouting == true)
        #expect(m.headers.first("UnknownHeaderWithUnusualValue") == ";;,,;;,;")
        #expect(m.headers.first("NewFangledHeader") == "newfangled value continued newfangled value")
        #expect(m.contentType?.mediaType == "application/sdp")
    }

    @Test func intmeth() throws {
        guard let m = try Self.load("rfc4475/intmeth.dat") else { return }
        #expect(m.method?.rawValue == "!interesting-Method0123456789_*+`.%indeed'~")
        let uri = try #require(m.requestURI?.sipURI)
        #expect(uri.user == "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*")
        #expect(uri.password == "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)")
        #expect(uri.host.text == "example.com")
        #expect(m.topVia?.branch == "z9hG4bK-.!%66*_+`'~")
        let to = try #require(m.to)
        #expect(to.displayName?.unicodeScalars.map(\.value).contains(0) == true)
        #expect(m.from?.displayName == "token1~` token2'+_ token3*%!.-")
        #expect(m.from?.tag == "_token~1'+`*%!-.")
        #expect(m.from?.parameters["fromParam''~+*_!.-%"]?.unquotedValue?.string == "работающий")
        #expect(m.callID == "intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{")
        #expect(m.maxForwards == 255)
        #expect(m.cseq?.number == 139122385)
        #expect(m.headers.first("extensionHeader-!.%*+_`'~")?.string == "\u{FEFF}大停電")
    }

    @Test func escapes() throws {
        if let m = try Self.load("rfc4475/esc01.dat") {
            let uri = try #require(m.requestURI?.sipURI)
            #expect(uri.decodedUser == "sips:user@example.com" && uri.host.text == "example.net")
            #expect(m.to?.uri.sipURI?.decodedUser == "user")
            #expect(m.from?.uri.sipURI?.decodedUser == "I have spaces")
            let c = try #require(m.contact?.contacts.first?.address.uri.sipURI)
            #expect(c.decodedUser == "caller")
            #expect(c.parameters.first?.name == "%6C%72")
            #expect(c.parameters.value("n%61me") == "v%61lue%25%34%31")
            #expect(PercentEncoding.decode(c.parameters.value("n%61me")!.bytes) == Array("value%41".utf8))
            #expect(m.maxForwards == 87 && m.contentType?.mediaType == "application/sdp")
        }
        if let m = try Self.load("rfc4475/escnull.dat") {
            #expect(m.to?.uri.sipURI?.decodedUser == ByteString(bytes: Array("null-".utf8) + [0] + Array("-null".utf8)))
            let contacts = m.contact?.contacts ?? []
            #expect(contacts.count == 2)
            #expect(contacts[0].address.uri != contacts[1].address.uri)
            #expect(m.declaredContentLength == 0)
        }
        if let m = try Self.load("rfc4475/esc02.dat") {
            #expect(m.method?.rawValue == "RE%47IST%45R" && m.method != .register)
            #expect(m.to?.displayName == "%Z%45")
            #expect(m.contact?.contacts.count == 2)
            #expect(m.headers.first("C%6Fntact") == "<sip:alias2@host2.example.com>")
        }
    }

    @Test func displayNamesAndLongValues() throws {
        if let m = try Self.load("rfc4475/lwsdisp.dat") {
            #expect(m.from?.displayName == "caller" && m.from?.tag == "323")
        }
        if let m = try Self.load("rfc4475/longreq.dat") {
            #expect(m.via.count == 34)
            #expect(m.via.first?.host.text == "sip33.example.com" && m.via.first?.branch == nil)
            #expect(m.via.last?.received == "192.0.2.5")
            #expect(m.to?.uri.sipURI?.port == 6000)
            // MANIFEST says "454-char tag"; the bytes hold a 155-character tag followed by long parameters.
            #expect(m.from?.tag?.count == 155)
            #expect(m.from?.parameters.contains("unknownValuelessparamnameparamnameparamnameparamnameparamnameparamnameparamnameparamnameparamnameparamname") == true)
            #expect(m.body.count == 150)
        }
        if let m = try Self.load("rfc4475/semiuri.dat") {
            let uri = try #require(m.requestURI?.sipURI)
            #expect(uri.decodedUser == "user;par=u@example.net" && uri.host.text == "example.com" && uri.parameters.isEmpty)
            #expect(try m.headerList(.accept, as: SIPMediaRange.self).count == 6)
        }
        if let m = try Self.load("rfc4475/transports.dat") {
            #expect(m.via.map(\.transport.string) == ["UDP", "SCTP", "TLS", "UNKNOWN", "TCP"])
        }
    }

    @Test func framingFacts() throws {
        if let m = try Self.load("rfc4475/dblreq.dat") {
            #expect(m.method == .register && m.body.isEmpty && m.maxForwards == 8)
            #expect(m.warnings.contains { $0.kind == .trailingBytesIgnored })
        }
        if let m = try Self.load("rfc4475/inv2543.dat") {
            #expect(m.body.count == 105 && m.declaredContentLength == nil && m.maxForwards == nil)
            #expect(m.from?.tag == nil && m.topVia?.branch == nil)
            #expect(m.to?.parameters.value("user") == "phone")
        }
        if let m = try Self.load("rfc4475/mpart01.dat") {
            #expect(m.body.count == 553)
            let parts = try #require(try m.multipartBody()?.parts)
            #expect(parts.count == 2)
            #expect(parts[0].contentType?.mediaType == "text/plain")
            #expect(parts[1].contentType?.mediaType == "application/octet-stream")
            #expect(parts[1].body.contains(0))
            #expect(m.topVia?.rport == .some(nil))
        }
        if let m = try Self.load("rfc4475/noreason.dat") {
            #expect(m.status == .trying && m.statusLine?.reason == "")
        }
        if let m = try Self.load("rfc4475/unreason.dat") {
            #expect(m.status == .ok && m.statusLine?.reason.string == "= 2**3 * 5**2 но сто девяносто девять - простое")
        }
        if let dir = FixtureLocator.sharedCorpora {
            let clerr = Array(try Data(contentsOf: dir.appendingPathComponent("rfc4475/clerr.dat")))
            #expect(throws: SIPParseError.self) { try SIPMessage(parsing: clerr) }
            let bigcode = Array(try Data(contentsOf: dir.appendingPathComponent("rfc4475/bigcode.dat")))
            do { _ = try SIPMessage(parsing: bigcode); Issue.record("bigcode parsed") } catch { #expect(error.kind == .invalidStatusCode) }
        }
    }

    @Test func parametersAndSchemes() throws {
        if let m = try Self.load("rfc4475/cparam01.dat") {
            let c = try #require(m.contact?.contacts.first)
            #expect(c.address.uri.sipURI?.parameters.isEmpty == true && c.address.parameters.contains("unknownparam"))
        }
        if let m = try Self.load("rfc4475/cparam02.dat") {
            let c = try #require(m.contact?.contacts.first)
            #expect(c.address.uri.sipURI?.parameters.contains("unknownparam") == true && c.address.parameters.isEmpty)
        }
        if let m = try Self.load("rfc4475/regescrt.dat") {
            let uri = try #require(m.contact?.contacts.first?.address.uri.sipURI)
            #expect(uri.headers == "Route=%3Csip:sip.example.com%3E")
        }
        if let m = try Self.load("rfc4475/unkscm.dat") {
            guard case .other(let u)? = m.requestURI else { Issue.record("scheme"); return }
            #expect(u.scheme == "nobodyKnowsThisScheme")
        }
        if let m = try Self.load("rfc4475/novelsc.dat") {
            guard case .other(let u)? = m.requestURI else { Issue.record("scheme"); return }
            #expect(u.scheme == "soap.beep")
        }
        if let m = try Self.load("rfc4475/unksm2.dat") {
            #expect(m.to?.uri.text == "isbn:2983792873" && m.from?.uri.text == "http://www.example.com")
        }
        if let m = try Self.load("rfc4475/regaut01.dat") {
            let cred = try #require(try m.header(.authorization, as: SIPAuthCredentials.self))
            #expect(cred.scheme == "NoOneKnowsThisScheme" && cred.parameters.value("opaque-data") == "here")
        }
        if let m = try Self.load("rfc4475/bext01.dat") {
            let r = try #require(m.checkRequest())
            #expect(r.headers.first?.name == .unsupported)
            #expect(r.headers.first?.value == "nothingSupportsThis, nothingSupportsThisEither")
        }
        if let m = try Self.load("rfc4475/zeromf.dat") { #expect(m.maxForwards == 0) }
        if let m = try Self.load("rfc4475/badbranch.dat") { #expect(m.topVia?.branch == "z9hG4bK") }
    }

    @Test func ipv6Facts() throws {
        if let m = try Self.load("rfc5118/wire-crlf-fixed-cl/ipv6-good.sip") {
            #expect(m.requestURI?.sipURI?.host == SIPHost("[2001:db8::10]"))
            #expect(m.topVia?.host.text == "2001:db8::9:1" && m.topVia?.host.kind == .ipv6)
            #expect(m.contact?.contacts.first?.address.uri.sipURI?.host.text == "2001:db8::1")
        }
        if let m = try Self.load("rfc5118/wire-crlf-fixed-cl/port-ambiguous.sip") {
            #expect(m.requestURI?.sipURI?.host.text == "2001:db8::10:5070" && m.requestURI?.sipURI?.port == nil)
        }
        if let m = try Self.load("rfc5118/wire-crlf-fixed-cl/port-unambiguous.sip") {
            #expect(m.requestURI?.sipURI?.host.text == "2001:db8::10" && m.requestURI?.sipURI?.port == 5070)
        }
        if let m = try Self.load("rfc5118/wire-crlf-fixed-cl/via-received-param-with-delim.sip") {
            #expect(m.topVia?.received == "2001:db8::9:255")
        }
        if let m = try Self.load("rfc5118/wire-crlf-fixed-cl/via-received-param-no-delim.sip") {
            #expect(m.topVia?.received == "2001:db8::9:255")
        }
        if let m = try Self.load("rfc5118/wire-crlf-fixed-cl/mult-ip-in-header.sip") {
            #expect(m.via.count == 3 && m.via[0].port == 6050 && m.via[2].received == "192.0.2.200")
        }
        if let m = try Self.load("rfc5118/wire-crlf-fixed-cl/ipv4-mapped-ipv6.sip") {
            #expect(m.topVia?.host.text == "::ffff:192.0.2.10" && m.topVia?.port == 19823)
        }
        if let m = try Self.load("rfc5118/wire-crlf-fixed-cl/ipv6-correct-abnf-2-colons.sip") {
            #expect(m.requestURI?.sipURI?.host == SIPHost("2001:db8::c000:201"))
        }
    }
}
