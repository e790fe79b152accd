import Foundation
import StackTesting
import Testing

/// Runs the built `softphone` binary as a user would and checks its output and exit codes.
@Suite struct DecodeCommandTests {
    static var binary: URL {
        FixtureLocator.repositoryRoot.appendingPathComponent(".build/debug/softphone")
    }

    static func run(_ args: [String], stdin: [UInt8]? = nil) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        let out = Pipe(), err = Pipe(), inp = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = inp
        try p.run()
        if let stdin { inp.fileHandleForWriting.write(Data(stdin)) }
        try inp.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    static func json(_ text: String) throws -> [String: Any] {
        let line = try #require(text.split(separator: "\n").first)
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: binary.path)))
    func requestKeys() throws {
        let r = try Self.run(["decode", "sip", FixtureLocator.fixtures.appendingPathComponent("sip/invite-sdp.sip").path])
        #expect(r.status == 0)
        let j = try Self.json(r.out)
        #expect(j["kind"] as? String == "request" && j["method"] as? String == "INVITE")
        #expect(j["uri"] as? String == "sip:bob@biloxi.example.com" && j["status"] is NSNull && j["reason"] is NSNull)
        let headers = try #require(j["headers"] as? [[String: String]])
        #expect(headers.first?["name"] == "Via" && headers.count == 12)
        let via = try #require((j["via"] as? [[String: Any]])?.first)
        #expect(via["transport"] as? String == "UDP" && via["host"] as? String == "192.0.2.10" && via["port"] as? Int == 5060)
        #expect(via["branch"] as? String == "z9hG4bK776asdhds" && via["received"] is NSNull && via["rport"] as? Bool == true)
        let from = try #require(j["from"] as? [String: Any])
        #expect(from["display"] as? String == "Alice" && from["uri"] as? String == "sip:alice@atlanta.example.com" && from["tag"] as? String == "1928301774")
        #expect((j["to"] as? [String: Any])?["tag"] is NSNull)
        #expect(j["callID"] as? String == "a84b4c76e66710@pc33.atlanta.example.com")
        #expect((j["cseq"] as? [String: Any])?["number"] as? Int == 314159)
        let contact = try #require((j["contact"] as? [[String: Any]])?.first)
        #expect(contact["uri"] as? String == "sip:alice@192.0.2.10:5060" && contact["expires"] is NSNull && contact["q"] is NSNull)
        #expect(j["maxForwards"] as? Int == 70 && j["contentLength"] as? Int == j["bodyLength"] as? Int)
        #expect((j["warnings"] as? [Any])?.isEmpty == true)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: binary.path)))
    func responseFromStandardInputWithWarnings() throws {
        let text = "SIP/2.0 200 OK\nVia: SIP/2.0/UDP h;branch=z9hG4bK1;received=192.0.2.1;rport=9\nFrom: <sip:a@h>;tag=1\nTo: <sip:b@h>;tag=2\nCall-ID: x\nCSeq: 1 REGISTER\nContact: *\nContent-Length: 0\n\n"
        let r = try Self.run(["decode", "sip", "-"], stdin: Array(text.utf8))
        #expect(r.status == 0)
        let j = try Self.json(r.out)
        #expect(j["kind"] as? String == "response" && j["status"] as? Int == 200 && j["reason"] as? String == "OK" && j["method"] is NSNull)
        #expect(j["contact"] as? String == "*")
        let via = try #require((j["via"] as? [[String: Any]])?.first)
        #expect(via["received"] as? String == "192.0.2.1" && via["rport"] as? Int == 9 && via["port"] is NSNull)
        #expect((j["warnings"] as? [String])?.first?.hasPrefix("bareLineFeed") == true)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: binary.path)))
    func invalidInputExitsOneWithTheOffset() throws {
        let r = try Self.run(["decode", "sip", "-"], stdin: Array("OPTIONS sip:a@b SIP/2.0\r\nContent-Length: -5\r\n\r\n".utf8))
        #expect(r.status == 1 && r.out.isEmpty)
        #expect(r.err.contains("invalidContentLength at byte 41"))
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: binary.path)))
    func repeatPrintsTheTimingLast() throws {
        let r = try Self.run(["decode", "sip", "--repeat", "50", FixtureLocator.fixtures.appendingPathComponent("sip/bye.sip").path])
        #expect(r.status == 0)
        let last = try #require(r.out.split(separator: "\n").last)
        #expect(last.hasPrefix("50 messages, ") && last.hasSuffix(" ns/message"))
        #expect(try Self.run(["decode", "sip", "--repeat", "0", "-"], stdin: []).status != 0)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: binary.path)))
    func demoDecodesItsSamples() throws {
        let r = try Self.run(["demo"])
        #expect(r.status == 0 && r.out.contains("demo: 3 of 3 sample messages decoded"))
    }
}

/// `softphone decode sdp`: the stable keys of issue 4 and the line number on failure.
@Suite struct DecodeSDPCommandTests {
    @Test(.enabled(if: FileManager.default.fileExists(atPath: DecodeCommandTests.binary.path)))
    func keys() throws {
        let r = try DecodeCommandTests.run(["decode", "sdp", FixtureLocator.fixtures.appendingPathComponent("sdp/asterisk-style.sdp").path])
        #expect(r.status == 0, "\(r.err)")
        let j = try DecodeCommandTests.json(r.out)
        let origin = try #require(j["origin"] as? [String: Any])
        #expect(origin["address"] as? String == "192.0.2.20" && j["sessionName"] as? String == "Asterisk")
        #expect((j["connection"] as? [String: Any])?["address"] as? String == "192.0.2.20")
        #expect((j["warnings"] as? [Any])?.isEmpty == true)
        let media = try #require((j["media"] as? [[String: Any]])?.first)
        #expect(media["type"] as? String == "audio" && media["port"] as? Int == 14120 && media["protocol"] as? String == "RTP/AVP")
        #expect(media["formats"] as? [String] == ["0", "8", "9", "101"] && media["direction"] as? String == "sendrecv")
        #expect(((media["rtpmap"] as? [String: Any])?["9"] as? [String: Any])?["clockRate"] as? Int == 8000)
        #expect((media["fmtp"] as? [String: String])?["101"] == "0-16")
        #expect((media["connection"] as? [String: Any])?["address"] as? String == "192.0.2.20")
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: DecodeCommandTests.binary.path)))
    func lineNumberOnError() throws {
        let r = try DecodeCommandTests.run(["decode", "sdp", "-"], stdin: Array("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\nm=audio x RTP/AVP 0\r\n".utf8))
        #expect(r.status == 1 && r.err.contains("line 5") && r.out.isEmpty)
        let lf = try DecodeCommandTests.run(["decode", "sdp", "-"], stdin: Array("v=0\no=- 1 1 IN IP4 h\nt=0 0\n".utf8))
        #expect(lf.status == 0)
        #expect((try DecodeCommandTests.json(lf.out)["warnings"] as? [String])?.count == 2)
    }
}

/// `softphone decode rtp|rtcp`: the stable keys of issue 5, hex or raw input, the offset on failure.
@Suite struct DecodeRTPCommandTests {
    @Test(.enabled(if: FileManager.default.fileExists(atPath: DecodeCommandTests.binary.path)))
    func rtpKeysFromHexText() throws {
        let hexText = "# PCMU, marker, one CSRC\n81 80 12 34 // seq 0x1234\nde ad be ef\n01:02:03:04\n00 00 00 07\naa bb\n"
        let r = try DecodeCommandTests.run(["decode", "rtp", "-"], stdin: Array(hexText.utf8))
        #expect(r.status == 0, "\(r.err)")
        let j = try DecodeCommandTests.json(r.out)
        #expect(j["version"] as? Int == 2 && j["padding"] as? Bool == false && j["extension"] as? Bool == false)
        #expect(j["marker"] as? Bool == true && j["payloadType"] as? Int == 0 && j["sequence"] as? Int == 0x1234)
        #expect(j["timestamp"] as? Int == 0xDEAD_BEEF && j["ssrc"] as? Int == 0x0102_0304 && j["csrc"] as? [Int] == [7])
        #expect(j["payloadLength"] as? Int == 2 && (j["warnings"] as? [Any])?.isEmpty == true)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: DecodeCommandTests.binary.path)))
    func rtpRawFileAndOffsetOnError() throws {
        let r = try DecodeCommandTests.run(["decode", "rtp", FixtureLocator.fixtures.appendingPathComponent("rtp/csrc-extension-padding.rtp").path])
        let j = try DecodeCommandTests.json(r.out)
        #expect(r.status == 0 && j["extension"] as? Bool == true && j["padding"] as? Bool == true && j["csrc"] as? [Int] == [1, 2])
        let bad = try DecodeCommandTests.run(["decode", "rtp", "-"], stdin: [0x80, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0])
        #expect(bad.status == 1 && bad.err.contains("truncated at byte 11") && bad.out.isEmpty)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: DecodeCommandTests.binary.path)))
    func rtcpKeys() throws {
        let r = try DecodeCommandTests.run(["decode", "rtcp", FixtureLocator.fixtures.appendingPathComponent("rtp/rr-one-block.rtcp").path])
        #expect(r.status == 0, "\(r.err)")
        let j = try DecodeCommandTests.json(r.out)
        let packet = try #require((j["packets"] as? [[String: Any]])?.first)
        #expect(packet["type"] as? String == "RR" && packet["ssrc"] as? Int == 1)
        let block = try #require((packet["reports"] as? [[String: Any]])?.first)
        #expect(block["ssrc"] as? Int == 0x1234_5678 && block["cumulativeLost"] as? Int == -1 && block["jitter"] as? Int == 42)
        #expect((j["warnings"] as? [String])?.first?.contains("CNAME") == true)
        let xr = try DecodeCommandTests.run(["decode", "rtcp", FixtureLocator.fixtures.appendingPathComponent("rtp/rr-xr-voip-metrics.rtcp").path])
        #expect((try DecodeCommandTests.json(xr.out)["packets"] as? [[String: Any]])?.map { $0["type"] as? String } == ["RR", "XR"])
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: DecodeCommandTests.binary.path)))
    func rtcpReducedSizeAndOffsetOnError() throws {
        let r = try DecodeCommandTests.run(["decode", "rtcp", "-"], stdin: Array("81 cb 00 01 00 00 00 05".utf8))
        let j = try DecodeCommandTests.json(r.out)
        #expect(r.status == 0 && (j["packets"] as? [[String: Any]])?.first?["type"] as? String == "BYE")
        #expect((j["warnings"] as? [String])?.contains { $0.contains("RFC 5506") } == true)
        let bad = try DecodeCommandTests.run(["decode", "rtcp", "-"], stdin: Array("80 c9 00 01 00 00 00 01 a0 c9 00 01 00 00 00 00".utf8))
        #expect(bad.status == 1 && bad.err.contains("invalidPadding at byte 15") && bad.out.isEmpty)
    }
}
