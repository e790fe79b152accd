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

    static let hasSipp = FileManager.default.isExecutableFile(atPath: "/usr/bin/sipp")

    /// Starts `softphone answer --no-media` on `port` and waits for its "listening" line.
    static func startAnswer(port: Int) throws -> (Process, FileHandle) {
        let answer = Process()
        answer.executableURL = DecodeCommandTests.binary
        answer.arguments = ["answer", "--listen", "127.0.0.1:\(port)", "--no-media", "--exit-after", "8"]
        let err = Pipe()
        answer.standardError = err
        answer.standardOutput = Pipe()
        try answer.run()
        let handle = err.fileHandleForReading
        var first = Data()
        while !first.contains(UInt8(ascii: "\n")) {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            first.append(chunk)
        }
        #expect(String(decoding: first, as: UTF8.self).contains("listening on udp and tcp 127.0.0.1:\(port)"))
        return (answer, handle)
    }

    /// Runs sipp against `port` with `arguments` and returns its exit status.
    static func runSipp(port: Int, _ arguments: [String]) throws -> Int32 {
        let sipp = Process()
        sipp.executableURL = URL(fileURLWithPath: "/usr/bin/sipp")
        sipp.arguments = arguments + ["127.0.0.1:\(port)", "-i", "127.0.0.1", "-p", String(port + 1),
                                      "-nostdin", "-timeout", "6", "-timeout_error"]
        sipp.standardOutput = Pipe()
        sipp.standardError = Pipe()
        try sipp.run()
        sipp.waitUntilExit()
        return sipp.terminationStatus
    }

    /// Interrupts `softphone answer` and returns the summary it prints.
    static func stop(_ answer: Process, _ handle: FileHandle) -> String {
        answer.interrupt()
        let rest = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        answer.waitUntilExit()
        #expect(answer.terminationStatus == 0)
        return rest
    }

    @Test(.enabled(if: hasSipp))
    func answersSippCalls() throws {
        let port = 20_000 + Int(getpid() % 10_000)
        let (answer, handle) = try Self.startAnswer(port: port)
        #expect(try Self.runSipp(port: port, ["-sn", "uac", "-m", "20", "-r", "50"]) == 0)
        let rest = Self.stop(answer, handle)
        #expect(rest.contains("20 calls, 20 confirmed, 0 open; 20 the peer hung up"), "\(rest)")
    }

    /// sipp holds and resumes each call by re-INVITE; its scenario checks our SDP answers
    /// (a=recvonly to a=sendonly, then no one-way direction).
    @Test(.enabled(if: hasSipp))
    func answersHoldAndResume() throws {
        let port = 30_000 + Int(getpid() % 10_000)
        let (answer, handle) = try Self.startAnswer(port: port)
        let scenario = FixtureLocator.fixtures.appendingPathComponent("sipp/uac-holds-and-resumes.xml").path
        #expect(try Self.runSipp(port: port, ["-sf", scenario, "-m", "5", "-r", "20"]) == 0)
        let rest = Self.stop(answer, handle)
        #expect(rest.contains("5 calls, 5 confirmed, 0 open; 5 the peer hung up"), "\(rest)")
    }
}
