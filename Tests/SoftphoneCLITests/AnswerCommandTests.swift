import Foundation
import StackTesting
import Testing

/// `softphone answer`: the flags, and calls from sipp's UAC (the load the calls-per-second
/// benchmark uses, scripts/bench-calls.sh).
@Suite struct AnswerCommandTests {
    @Test func refusesBadArguments() throws {
        let noMedia = try DecodeCommandTests.run(["answer", "--listen", "127.0.0.1:5999"])
        #expect(noMedia.status == 64)
        #expect(noMedia.err.contains("--no-media"))
        let badListen = try DecodeCommandTests.run(["answer", "--listen", "example.com:5060", "--no-media"])
        #expect(badListen.status == 64)
        #expect(badListen.err.contains("HOST:PORT"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sipp")))
    func answersSippCalls() throws {
        let port = 20_000 + Int(getpid() % 10_000)
        let answer = Process()
        answer.executableURL = DecodeCommandTests.binary
        answer.arguments = ["answer", "--listen", "127.0.0.1:\(port)", "--no-media", "--exit-after", "8"]
        let err = Pipe()
        answer.standardError = err
        answer.standardOutput = Pipe()
        try answer.run()
        // Wait for "listening" before sipp starts.
        let handle = err.fileHandleForReading
        var first = Data()
        while !first.contains(UInt8(ascii: "\n")) {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            first.append(chunk)
        }
        #expect(String(decoding: first, as: UTF8.self).contains("listening on udp and tcp 127.0.0.1:\(port)"))
        let sipp = Process()
        sipp.executableURL = URL(fileURLWithPath: "/usr/bin/sipp")
        sipp.arguments = ["-sn", "uac", "127.0.0.1:\(port)", "-i", "127.0.0.1", "-p", String(port + 1), "-m", "20", "-r", "50",
                          "-nostdin", "-timeout", "6", "-timeout_error"]
        sipp.standardOutput = Pipe()
        sipp.standardError = Pipe()
        try sipp.run()
        sipp.waitUntilExit()
        #expect(sipp.terminationStatus == 0)
        answer.interrupt()
        let rest = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        answer.waitUntilExit()
        #expect(answer.terminationStatus == 0)
        #expect(rest.contains("20 calls, 20 confirmed, 0 open; 20 the peer hung up"), "\(rest)")
    }
}
