import EventLoopPOSIX
import SIPMessage
import SIPTransport
import StackCore
import Testing

@Suite struct SIPTransportRulesTests {
    static func request(via: String) throws -> SIPMessage {
        try SIPMessage(parsing: "OPTIONS sip:bob@example.com SIP/2.0\r\nVia: \(via)\r\nVia: SIP/2.0/UDP 10.0.0.9;branch=z9hG4bKlow\r\nMax-Forwards: 70\r\nTo: <sip:bob@example.com>\r\nFrom: <sip:alice@example.com>;tag=1\r\nCall-ID: c1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n")
    }

    static let source = SocketAddress(ip: "192.0.2.7", port: 40000)!

    /// §18.2.1: received is added when sent-by is a name or another address; RFC 3581 §4: an empty
    /// rport gets the source port, and received with it.
    @Test func receivedAndRport() throws {
        let name = SIPTransportRules.stampReceived(try Self.request(via: "SIP/2.0/UDP pc.example.com;branch=z9hG4bK1"), source: Self.source)
        #expect(name.topVia?.received == "192.0.2.7" && name.topVia?.branch == "z9hG4bK1")
        #expect(name.via.count == 2 && name.via[1].host.text == "10.0.0.9")

        let same = try Self.request(via: "SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK2")
        #expect(SIPTransportRules.stampReceived(same, source: Self.source) == same)

        let other = SIPTransportRules.stampReceived(try Self.request(via: "SIP/2.0/UDP 10.1.1.1:5060;branch=z9hG4bK3"), source: Self.source)
        #expect(other.topVia?.received == "192.0.2.7")

        let rport = SIPTransportRules.stampReceived(try Self.request(via: "SIP/2.0/UDP 192.0.2.7:5060;rport;branch=z9hG4bK4"), source: Self.source)
        #expect(rport.topVia?.rport == .some(40000) && rport.topVia?.received == "192.0.2.7")
        #expect(rport.topVia?.text == "SIP/2.0/UDP 192.0.2.7:5060;rport=40000;branch=z9hG4bK4;received=192.0.2.7")

        let v6 = SIPTransportRules.stampReceived(try Self.request(via: "SIP/2.0/UDP [2001:db8::1];branch=z9hG4bK5"), source: SocketAddress(ip: "2001:db8::2", port: 5060)!)
        #expect(v6.topVia?.received == "2001:db8::2")
    }

    /// §18.2.2 / RFC 3581 §4: responses over streams go back on the connection; over UDP to received
    /// and rport, else sent-by; a bare host name cannot be routed without DNS.
    @Test func responseDestinations() throws {
        func destination(_ via: String, _ transport: SIPTransportProtocol = .udp) throws -> SIPTransportAddress? {
            let response = try Self.request(via: via).makeResponse(status: .ok)
            return SIPTransportRules.responseDestination(response, source: SIPTransportAddress(transport, Self.source))
        }
        #expect(try destination("SIP/2.0/UDP a.example.com;received=192.0.2.7;rport=40000;branch=z9hG4bK1")?.address == Self.source)
        #expect(try destination("SIP/2.0/UDP a.example.com:5070;received=192.0.2.7;branch=z9hG4bK1")?.address.description == "192.0.2.7:5070")
        #expect(try destination("SIP/2.0/UDP 192.0.2.8;branch=z9hG4bK1")?.address.description == "192.0.2.8:5060")
        #expect(try destination("SIP/2.0/UDP [2001:db8::1]:5062;branch=z9hG4bK1")?.address.description == "[2001:db8::1]:5062")
        #expect(try destination("SIP/2.0/UDP a.example.com;branch=z9hG4bK1") == nil)
        #expect(try destination("SIP/2.0/TCP a.example.com;branch=z9hG4bK1", .tcp) == SIPTransportAddress(.tcp, Self.source))
    }

    /// §18.2.2: when the connection a request came on has closed, the response opens a new one to
    /// received (or sent-by) at the sent-by port, not to the client's ephemeral port.
    @Test func responseAfterTheConnectionClosed() throws {
        let response = try Self.request(via: "SIP/2.0/TCP a.example.com:5070;received=192.0.2.7;rport=40000;branch=z9hG4bK1").makeResponse(status: .ok)
        let source = SIPTransportAddress(.tcp, Self.source)
        #expect(SIPTransportRules.responseDestination(response, source: source, connectionOpen: false)?.description == "tcp:192.0.2.7:5070")
        #expect(SIPTransportRules.responseDestination(response, source: source, connectionOpen: true) == source)
    }

    /// §18.1.2: responses whose top Via sent-by we did not write are not ours.
    @Test func sentByCheck() throws {
        let us = [SocketAddress(ip: "192.0.2.1", port: 5060)!, SocketAddress(ip: "::", port: 5062)!]
        func ours(_ via: String) throws -> Bool {
            SIPTransportRules.sentByIsOurs(try Self.request(via: via).makeResponse(status: .ok), listening: us, names: ["pbx.example.com"])
        }
        #expect(try ours("SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1"))
        #expect(try ours("SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1"))
        #expect(try !ours("SIP/2.0/UDP 192.0.2.2:5060;branch=z9hG4bK1"))
        #expect(try !ours("SIP/2.0/UDP 192.0.2.1:5061;branch=z9hG4bK1"))
        #expect(try ours("SIP/2.0/UDP [2001:db8::5]:5062;branch=z9hG4bK1"))
        #expect(try ours("SIP/2.0/TCP PBX.example.com;branch=z9hG4bK1"))
        #expect(try !ours("SIP/2.0/TCP other.example.com;branch=z9hG4bK1"))
    }

    @Test func largeRequestsMoveToTCP() {
        #expect(SIPTransportRules.transport(forRequestOfSize: 1300, preferred: .udp) == .udp)
        #expect(SIPTransportRules.transport(forRequestOfSize: 1301, preferred: .udp) == .tcp)
        #expect(SIPTransportRules.transport(forRequestOfSize: 9000, preferred: .tcp) == .tcp)
    }

    /// A request that fails to parse gets 400 with a reason when its routing headers can be read;
    /// responses, ACKs and hopeless bytes get nothing.
    @Test func badRequestSalvage() throws {
        let broken = Array("INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bKbad\r\nTo: <sip:bob@example.com>\r\nFrom: <sip:alice@example.com>;tag=9\r\nCall-ID: bad-1\r\nCSeq: 4 INVITE\r\nContent-Length: 5000\r\n\r\nv=0\r\n".utf8)
        var error: SIPParseError?
        do { _ = try SIPMessage(parsing: broken) } catch let e { error = e }
        let e = try #require(error)
        let reply = try #require(SIPTransportRules.badRequestResponse(to: broken[...], error: e))
        #expect(reply.status == .badRequest && reply.callID == "bad-1" && reply.cseq == SIPCSeq(number: 4, method: .invite))
        #expect(reply.topVia?.branch == "z9hG4bKbad" && reply.statusLine?.reason.string.hasPrefix("Bad Request (") == true)
        let serialized = String(decoding: reply.serialized(), as: UTF8.self)
        #expect(try SIPMessage(parsing: serialized).status == .badRequest)

        let response = Array("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nContent-Length: 9\r\n\r\n".utf8)
        #expect(SIPTransportRules.badRequestResponse(to: response[...], error: e) == nil)
        let noVia = Array("OPTIONS sip:b@example.com SIP/2.0\r\nTo: <sip:b@example.com>\r\nFrom: <sip:a@example.com>;tag=1\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\nContent-Length: 99\r\n\r\n".utf8)
        #expect(SIPTransportRules.badRequestResponse(to: noVia[...], error: e) == nil)
        #expect(SIPTransportRules.badRequestResponse(to: Array("\u{1}\u{2}garbage".utf8)[...], error: e) == nil)
    }
}

extension SIPTransportRulesTests {
    /// Found by the fuzzer: when the first Via value is damaged (a defect, skipped by the parser), the
    /// stamp must not overwrite it with a copy of the next valid one.
    @Test func damagedTopViaIsNotStamped() throws {
        let text = "INVITE sip:user@example.com SIP/2.0\nVia: SIP/2.0/UDP example.co'm SIP/2.0\nVia:0\nVia: SIP/2.0/UDP psoxy1.example.com;brancc91e6\n"
        let m = try SIPMessage(parsing: text)
        let stamped = SIPTransportRules.stampReceived(m, source: Self.source)
        #expect(stamped.via.count == m.via.count && stamped.headers.fields == m.headers.fields)
    }
}
