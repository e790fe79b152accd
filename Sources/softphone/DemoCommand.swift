import ArgumentParser
import SIPMessage
import StackCore

/// `softphone demo`: what `make demo` runs. Until calls land (issues 3–8) it walks through the
/// message layer on the bundled samples: parse, check, answer, serialize.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the embedded demo (for now: decode the bundled sample messages and answer them).")

    func run() throws {
        var failures = 0
        for sample in DemoSamples.all {
            do {
                let m = try SIPMessage(parsing: Array(sample.text.utf8))
                print("== \(sample.name)")
                print(Self.summary(m))
                if m.isRequest {
                    let answer = m.checkRequest().map { r in
                        var resp = m.makeResponse(status: r.status, reason: r.reason, toTag: "demo1")
                        for h in r.headers { resp.appendHeader(h.name, h.value.string) }
                        return resp
                    } ?? m.makeResponse(status: m.method == .invite ? .ringing : .ok, toTag: "demo1")
                    print("-- our answer:")
                    print(String(decoding: answer.serialized(), as: UTF8.self), terminator: "")
                }
            } catch {
                failures += 1
                print("== \(sample.name): \(error)")
            }
        }
        print("demo: \(DemoSamples.all.count - failures) of \(DemoSamples.all.count) sample messages decoded")
        if failures > 0 { throw ExitCode(1) }
    }

    static func summary(_ m: SIPMessage) -> String {
        var lines: [String] = []
        switch m.startLine {
        case .request(let r): lines.append("request \(r.method) \(r.uriText)")
        case .response(let s): lines.append("response \(s.status.rawValue) \(s.reason)")
        }
        for v in m.via { lines.append("  via \(v.transport) \(v.host)\(v.port.map { ":\($0)" } ?? "") branch=\(v.branch?.string ?? "-")") }
        if let f = m.from { lines.append("  from \(f.displayName ?? "") <\(f.uri)> tag=\(f.tag?.string ?? "-")") }
        if let t = m.to { lines.append("  to \(t.displayName ?? "") <\(t.uri)> tag=\(t.tag?.string ?? "-")") }
        if let c = m.cseq { lines.append("  cseq \(c)  call-id \(m.callID?.string ?? "-")") }
        if let ct = m.contentType { lines.append("  body \(ct.mediaType), \(m.body.count) bytes") }
        if let ch = try? m.header(.wwwAuthenticate, as: SIPAuthChallenge.self) {
            lines.append("  challenge \(ch.scheme) realm=\(ch.realm ?? "-") qop=\(ch.qopOptions.joined(separator: ","))")
        }
        return lines.joined(separator: "\n")
    }
}

/// Messages bundled with the demo (written for this project).
enum DemoSamples {
    struct Sample {
        let name: String
        let text: String
    }

    static let all: [Sample] = [
        Sample(name: "INVITE with SDP", text: """
            INVITE sip:bob@biloxi.example.com SIP/2.0\r
            Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKdemo1;rport\r
            Max-Forwards: 70\r
            To: Bob <sip:bob@biloxi.example.com>\r
            From: "Alice" <sip:alice@atlanta.example.com>;tag=9fxced76sl\r
            Call-ID: 3848276298220188511@atlanta.example.com\r
            CSeq: 1 INVITE\r
            Contact: <sip:alice@192.0.2.10:5060>\r
            Content-Type: application/sdp\r
            Content-Length: 134\r
            \r
            v=0\r
            o=alice 2890844526 2890844526 IN IP4 192.0.2.10\r
            s=-\r
            c=IN IP4 192.0.2.10\r
            t=0 0\r
            m=audio 49170 RTP/AVP 0 101\r
            a=rtpmap:0 PCMU/8000\r

            """),
        Sample(name: "401 challenge", text: """
            SIP/2.0 401 Unauthorized\r
            Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKdemo2;received=198.51.100.7;rport=40312\r
            To: <sip:alice@atlanta.example.com>;tag=1a2b3c\r
            From: <sip:alice@atlanta.example.com>;tag=reg77\r
            Call-ID: reg-8822@192.0.2.10\r
            CSeq: 1 REGISTER\r
            WWW-Authenticate: Digest realm="atlanta.example.com", nonce="5f2c1d8e", qop="auth", algorithm=MD5\r
            Content-Length: 0\r
            \r

            """),
        Sample(name: "REGISTER with compact headers", text: """
            REGISTER sip:atlanta.example.com SIP/2.0\r
            v: SIP/2.0/TCP 192.0.2.10:5060;branch=z9hG4bKdemo3\r
            Max-Forwards: 70\r
            t: <sip:alice@atlanta.example.com>\r
            f: <sip:alice@atlanta.example.com>;tag=reg77\r
            i: reg-8822@192.0.2.10\r
            CSeq: 2 REGISTER\r
            m: <sip:alice@192.0.2.10:5060;transport=tcp>;expires=3600;q=0.7\r
            l: 0\r
            \r

            """),
    ]
}
