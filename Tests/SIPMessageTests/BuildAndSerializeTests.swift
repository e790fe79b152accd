import Foundation
import SIPMessage
import StackCore
import StackTesting
import Testing

@Suite struct BuildAndSerializeTests {
    /// parse → serialize → parse gives an equal message, and serializing is then stable.
    static func roundTrips(_ bytes: [UInt8]) throws -> Bool {
        let m1 = try SIPMessage(parsing: bytes)
        let s1 = m1.serialized()
        let m2 = try SIPMessage(parsing: s1, framing: .stream)
        return m1 == m2 && m2.serialized() == s1 && m2.declaredContentLength == m2.body.count
    }

    @Test func fixturesRoundTrip() throws {
        for url in FixtureLocator.files(in: FixtureLocator.fixtures.appendingPathComponent("sip")) where url.pathExtension == "sip" {
            #expect(try Self.roundTrips(Array(Data(contentsOf: url))), "\(url.lastPathComponent)")
        }
    }

    @Test func corpusMessagesRoundTrip() throws {
        guard let dir = FixtureLocator.sharedCorpora else { print("SKIP: ../shared/corpora absent"); return }
        var count = 0
        for url in FixtureLocator.files(in: dir.appendingPathComponent("rfc4475")) + FixtureLocator.files(in: dir.appendingPathComponent("rfc5118/wire-crlf-fixed-cl")) {
            guard url.pathExtension == "dat" || url.pathExtension == "sip" else { continue }
            let bytes = Array(try Data(contentsOf: url))
            guard (try? SIPMessage(parsing: bytes)) != nil else { continue }
            #expect(try Self.roundTrips(bytes), "\(url.lastPathComponent)")
            count += 1
        }
        #expect(count >= 50)
    }

    @Test func canonicalFormUsesLongNamesAndOneContentLength() throws {
        let m = try SIPMessage(parsing: "MESSAGE sip:b@h SIP/2.0\r\nv: SIP/2.0/UDP h;branch=z9hG4bKx\r\nf: <sip:a@h>;tag=1\r\nt: <sip:b@h>\r\ni: id1\r\nCSeq: 1 MESSAGE\r\nl: 2\r\nc: text/plain\r\nX-Ext: kept\r\n\r\nhi")
        let text = String(decoding: m.serialized(), as: UTF8.self)
        #expect(text == "MESSAGE sip:b@h SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKx\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:b@h>\r\nCall-ID: id1\r\nCSeq: 1 MESSAGE\r\nContent-Length: 2\r\nContent-Type: text/plain\r\nX-Ext: kept\r\n\r\nhi")
        var changed = m
        changed.body = "hello"
        #expect(String(decoding: changed.serialized(), as: UTF8.self).contains("Content-Length: 5\r\n"))
    }

    @Test func buildingARequest() throws {
        var parts = SIPRequestParts(
            method: .invite, uri: try SIPAnyURI(parsing: "sip:bob@biloxi.example.com"),
            via: try SIPVia(transport: "UDP", host: "192.0.2.10", port: 5060, branch: "z9hG4bKabc", parameters: [("rport", nil)]),
            from: try SIPNameAddress(displayName: "Alice \"A\"", uri: .sip(SIPURI(user: "alice", host: "atlanta.example.com")), parameters: [("tag", "t1")]),
            to: try SIPNameAddress(uri: .sip(SIPURI(user: "bob", host: "biloxi.example.com"))),
            callID: "call-1@192.0.2.10", sequence: 1)
        parts.contact = try SIPNameAddress(uri: .sip(SIPURI(user: "alice", host: "192.0.2.10", port: 5060)))
        parts.body = "v=0\r\n"
        parts.contentType = "application/sdp"
        let m = SIPMessage(request: parts)
        #expect(m.checkRequest() == nil)
        #expect(m.from?.displayName == "Alice \"A\"" && m.from?.tag == "t1")
        #expect(m.topVia?.rport == .some(nil) && m.topVia?.branch == "z9hG4bKabc")
        #expect(m.cseq == SIPCSeq(number: 1, method: .invite) && m.maxForwards == 70)
        let reparsed = try SIPMessage(parsing: m.serialized(), framing: .stream)
        #expect(reparsed == m && reparsed.body == "v=0\r\n")
    }

    /// RFC 3261 §8.2.6.2.
    @Test func responseCopiesTheRightHeaders() throws {
        let invite = try SIPMessage(parsing: FixtureLocator.fixture("sip/invite-sdp.sip"))
        var withRR = invite
        withRR.appendHeader(.recordRoute, "<sip:p1.example.com;lr>")
        withRR.appendHeader(.timestamp, "54")
        let ringing = withRR.makeResponse(status: .ringing, toTag: "xyz")
        #expect(ringing.status == .ringing && ringing.statusLine?.reason == "Ringing")
        #expect(ringing.via == invite.via && ringing.from == invite.from && ringing.callID == invite.callID && ringing.cseq == invite.cseq)
        #expect(ringing.to?.tag == "xyz" && ringing.to?.uri == invite.to?.uri)
        #expect(ringing.headers.contains(.recordRoute) && !ringing.headers.contains(.timestamp))
        let trying = withRR.makeResponse(status: .trying, toTag: "xyz")
        #expect(trying.to?.tag == nil && trying.headers.first(.timestamp) == "54" && !trying.headers.contains(.recordRoute))
        let busy = withRR.makeResponse(status: .busyHere, reason: "Busy Here Now", toTag: "xyz")
        #expect(!busy.headers.contains(.recordRoute) && busy.statusLine?.reason == "Busy Here Now")
        var tagged = invite
        tagged.setHeader(.to, "<sip:bob@biloxi.example.com>;tag=existing")
        #expect(tagged.makeResponse(status: .ok, toTag: "new").to?.tag == "existing")
        #expect(try SIPMessage(parsing: ringing.serialized(), framing: .stream) == ringing)
    }

    @Test func multipartBodies() throws {
        let body = "preamble\r\n--b1\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n\r\n--b1\r\n\r\nplain part\r\n--b1--\r\nepilogue"
        let parts = try SIPMultipartBody(parsing: ByteString(body), boundary: "b1").parts
        #expect(parts.count == 2)
        #expect(parts[0].contentType?.mediaType == "application/sdp" && parts[0].body == "v=0\r\n")
        #expect(parts[1].headers.isEmpty && parts[1].body == "plain part")
        #expect(throws: SIPParseError.self) { try SIPMultipartBody(parsing: "--b1\r\nunterminated", boundary: "b1") }
        #expect(throws: SIPParseError.self) { try SIPMultipartBody(parsing: "no delimiter", boundary: "b1") }
    }
}
