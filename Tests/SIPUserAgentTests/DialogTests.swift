import SIPMessage
import SIPUserAgent
import StackCore
import Testing

/// Dialog state and in-dialog requests (RFC 3261 §12).
@Suite struct DialogTests {
    static func message(_ text: String) throws -> SIPMessage {
        try SIPMessage(parsing: text.replacingOccurrences(of: "\n", with: "\r\n"))
    }

    static let invite = """
        INVITE sip:bob@example.com SIP/2.0
        Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1
        Max-Forwards: 70
        To: <sip:bob@example.com>
        From: "Alice" <sip:alice@example.org>;tag=a1
        Call-ID: c1@192.0.2.1
        CSeq: 10 INVITE
        Contact: <sip:alice@192.0.2.1:5060>
        Record-Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>
        Content-Length: 0


        """

    static func response(recordRoute: String, contact: String = "<sip:bob@192.0.2.2:5070;transport=tcp>", status: String = "200 OK") throws -> SIPMessage {
        try message("""
            SIP/2.0 \(status)
            Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1
            To: <sip:bob@example.com>;tag=b1
            From: "Alice" <sip:alice@example.org>;tag=a1
            Call-ID: c1@192.0.2.1
            CSeq: 10 INVITE
            Contact: \(contact)
            Record-Route: \(recordRoute)
            Content-Length: 0


            """)
    }

    static let via = try! SIPVia(transport: "UDP", host: "192.0.2.1", port: 5060, branch: "z9hG4bK-2")

    @Test func clientDialogReversesRecordRouteAndLooseRoutes() throws {
        let invite = try Self.message(Self.invite)
        let ok = try Self.response(recordRoute: "<sip:p2.example.com;lr>, <sip:p1.example.com;lr>")
        var dialog = try #require(Dialog(clientRequest: invite, response: ok))
        #expect(dialog.id == DialogID(callID: "c1@192.0.2.1", localTag: "a1", remoteTag: "b1"))
        #expect(dialog.state == .confirmed)
        #expect(dialog.localSequence == 10)
        #expect(dialog.routeSet.map(\.uri.text.string) == ["sip:p1.example.com;lr", "sip:p2.example.com;lr"])
        let sequence = dialog.nextSequence()
        let (bye, hop) = dialog.makeRequest(.bye, sequence: sequence, via: Self.via, contact: nil)
        // §12.2.1.1, loose routing: the Request-URI is the remote target; Route is the route set.
        #expect(bye.requestURI?.text == "sip:bob@192.0.2.2:5070;transport=tcp")
        #expect(bye.headers[.route].map(\.string) == ["<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>"])
        #expect(hop.text == "sip:p1.example.com;lr")
        #expect(bye.cseq == SIPCSeq(number: 11, method: .bye))
        #expect(bye.to?.tag == "b1")
        #expect(bye.from?.tag == "a1")
        #expect(SIPNextHop(uri: dialog.remoteTarget) == SIPNextHop(transport: "TCP", host: "192.0.2.2", port: 5070))
    }

    @Test func strictRouterFirstPutsTheTargetLast() throws {
        let invite = try Self.message(Self.invite)
        let ok = try Self.response(recordRoute: "<sip:p2.example.com;lr>, <sip:p1.example.com;method=INVITE>")
        let dialog = try #require(Dialog(clientRequest: invite, response: ok))
        let (bye, hop) = dialog.makeRequest(.bye, sequence: 11, via: Self.via, contact: nil)
        // §12.2.1.1, strict routing: the first route becomes the Request-URI (without `method`),
        // and the remote target goes last in Route.
        #expect(bye.requestURI?.text == "sip:p1.example.com")
        #expect(bye.headers[.route].map(\.string) == ["<sip:p2.example.com;lr>", "<sip:bob@192.0.2.2:5070;transport=tcp>"])
        #expect(hop.text == "sip:p1.example.com;method=INVITE")
    }

    @Test func noRouteSetSendsToTheTarget() throws {
        let invite = try Self.message(Self.invite.replacingOccurrences(of: "Record-Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\n", with: ""))
        let ok = try Self.message("""
            SIP/2.0 200 OK
            Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1
            To: <sip:bob@example.com>;tag=b1
            From: <sip:alice@example.org>;tag=a1
            Call-ID: c1@192.0.2.1
            CSeq: 10 INVITE
            Contact: <sip:bob@192.0.2.2>
            Content-Length: 0


            """)
        let dialog = try #require(Dialog(clientRequest: invite, response: ok))
        let (bye, hop) = dialog.makeRequest(.bye, sequence: 11, via: Self.via, contact: nil)
        #expect(bye.headers[.route].isEmpty)
        #expect(hop.text == "sip:bob@192.0.2.2")
    }

    @Test func serverDialogKeepsRecordRouteOrderAndChecksCSeq() throws {
        let invite = try Self.message(Self.invite)
        let ok = invite.makeResponse(status: .ok, toTag: "b1")
        var dialog = try #require(Dialog(serverRequest: invite, response: ok, initialSequence: 500))
        #expect(dialog.id == DialogID(callID: "c1@192.0.2.1", localTag: "b1", remoteTag: "a1"))
        #expect(dialog.routeSet.map(\.uri.text.string) == ["sip:p1.example.com;lr", "sip:p2.example.com;lr"])
        #expect(dialog.remoteTarget.text == "sip:alice@192.0.2.1:5060")
        #expect(dialog.remoteSequence == 10)
        #expect(dialog.nextSequence() == 501)
        let (bye, _) = dialog.makeRequest(.bye, sequence: 501, via: Self.via, contact: nil)
        #expect(bye.from?.tag == "b1")
        #expect(bye.to?.tag == "a1")
        // §12.2.2: lower CSeq numbers are refused; equal and higher are taken.
        func request(_ cseq: String) throws -> SIPMessage {
            try Self.message(Self.invite.replacingOccurrences(of: "CSeq: 10 INVITE", with: "CSeq: \(cseq)"))
        }
        #expect(dialog.acceptRemoteSequence(of: try request("9 BYE")) == false)
        #expect(dialog.acceptRemoteSequence(of: try request("10 ACK")))
        #expect(dialog.acceptRemoteSequence(of: try request("12 INFO")))
        #expect(dialog.remoteSequence == 12)
        #expect(dialog.acceptRemoteSequence(of: try request("11 BYE")) == false)
    }

    @Test func earlyDialogTakesTheRouteSetAgainFromThe2xx() throws {
        let invite = try Self.message(Self.invite)
        let ringing = try Self.response(recordRoute: "<sip:old.example.com;lr>", contact: "<sip:bob@192.0.2.9>", status: "180 Ringing")
        var dialog = try #require(Dialog(clientRequest: invite, response: ringing))
        #expect(dialog.state == .early)
        dialog.confirm(with: try Self.response(recordRoute: "<sip:new.example.com;lr>"))
        #expect(dialog.state == .confirmed)
        #expect(dialog.routeSet.map(\.uri.text.string) == ["sip:new.example.com;lr"])
        #expect(dialog.remoteTarget.text == "sip:bob@192.0.2.2:5070;transport=tcp")
    }

    @Test func nextHopReadsTransportMaddrAndDefaults() throws {
        func hop(_ s: String) throws -> SIPNextHop? { SIPNextHop(uri: try SIPAnyURI(parsing: ByteString(s))) }
        #expect(try hop("sip:a@192.0.2.1") == SIPNextHop(transport: "UDP", host: "192.0.2.1", port: 5060))
        #expect(try hop("sips:a@example.com") == SIPNextHop(transport: "TLS", host: "example.com", port: 5061))
        #expect(try hop("sip:a@[2001:db8::1]:5080;transport=tcp") == SIPNextHop(transport: "TCP", host: "2001:db8::1", port: 5080))
        #expect(try hop("sip:a@example.com;maddr=192.0.2.7") == SIPNextHop(transport: "UDP", host: "192.0.2.7", port: 5060))
        #expect(try hop("tel:+15551234") == nil)
    }
}
