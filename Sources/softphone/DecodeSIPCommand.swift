import ArgumentParser
import Foundation
import SIPMessage

/// `softphone decode sip [--repeat N] [FILE|-]`
struct DecodeSIPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sip",
        abstract: "Parse one SIP message (a datagram's bytes) and print it as JSON.",
        discussion: "Exits 1 with the typed error and its byte offset on stderr when the message does not parse.")

    @Option(name: .customLong("repeat"), help: "Parse the input this many times and print the time per message last.")
    var repetitions: Int = 1

    @Argument(help: "The file to read, or - for standard input.")
    var file: String = "-"

    func validate() throws {
        guard repetitions >= 1 else { throw ValidationError("--repeat must be at least 1") }
    }

    func run() throws {
        let bytes = try InputReader.read(file)
        let message: SIPMessage
        do {
            message = try SIPMessage(parsing: bytes)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
        print(SIPMessageJSON.encode(message).rendered())
        if repetitions > 1 { print(Self.measure(bytes, count: repetitions)) }
    }

    /// Parses `count` times and reports the mean time per full parse.
    static func measure(_ bytes: [UInt8], count: Int) -> String {
        var sink = 0
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for _ in 0..<count {
                if let m = try? SIPMessage(parsing: bytes) { sink &+= m.headers.count &+ m.via.count }
            }
        }
        let ns = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
        let perMessage = Int((ns / Double(count)).rounded())
        // Reading `sink` keeps the parses observable, so the optimizer cannot drop them.
        return sink == -1 ? "" : "\(count) messages, \(perMessage) ns/message"
    }
}

/// Reads a named file or standard input.
enum InputReader {
    static func read(_ path: String) throws -> [UInt8] {
        if path == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read \(path)")
        }
        return Array(data)
    }
}
