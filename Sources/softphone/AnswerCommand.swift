import ArgumentParser
import Dispatch
import EventLoopPOSIX
import Foundation
import Glibc
import Logging
import SDP
import SIPMessage
import SIPTransport
import SIPUserAgent
import Softphone
import StackCore

/// `softphone answer`: a user agent that answers every call. With `--no-media` it answers with an
/// SDP answer and sends no RTP, which is what a signalling load test needs (`sipp -sn uac`).
struct AnswerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "answer",
        abstract: "Answer every incoming call (200 OK with an SDP answer).",
        discussion: """
            Listens on UDP and TCP at --listen and answers each INVITE at once; the caller hangs up. \
            Ends on SIGINT or SIGTERM (or after --exit-after seconds) and prints a summary on stderr.
            Exit codes: 0 done; 64 bad arguments; 70 the address cannot be listened on.
            """)

    @Option(help: "The address to listen on, HOST:PORT (IPv6 as [ADDR]:PORT).")
    var listen: String = "127.0.0.1:5060"

    @Flag(help: "Answer with SDP but send and receive no RTP.")
    var noMedia = false

    @Option(help: "Stop after this many seconds.")
    var exitAfter: Double?

    @Option(help: "Refuse calls beyond this many at once with 503.")
    var maxCalls: Int = 10_000

    @Option(help: "The most transactions kept at once; each call holds two for 32 s over UDP (RFC 3261 §17).")
    var maxTransactions: Int = 262_144

    @Flag(help: "Print every SIP message sent and received.")
    var sipTrace = false

    func validate() throws {
        guard SocketAddress(parsing: listen) != nil else { throw ValidationError("--listen wants HOST:PORT with an IP address, not \(listen)") }
        guard noMedia else {
            throw ValidationError("answering with audio comes with the media runtime (issue 8); use --no-media for now")
        }
        guard maxCalls > 0 else { throw ValidationError("--max-calls must be positive") }
        guard maxTransactions > 0 else { throw ValidationError("--max-transactions must be positive") }
    }

    func run() throws {
        let address = SocketAddress(parsing: listen)!
        let answerer: NoMediaAnswerer
        do {
            answerer = try NoMediaAnswerer(listen: address, maximumCalls: maxCalls, maximumTransactions: maxTransactions, trace: sipTrace)
        } catch {
            FileHandle.standardError.write(Data("softphone answer: cannot listen on \(listen): \(error)\n".utf8))
            throw ExitCode(70)
        }
        FileHandle.standardError.write(Data("softphone answer: listening on udp and tcp \(answerer.local)\n".utf8))
        let done = DispatchSemaphore(value: 0)
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let sources = [SIGINT, SIGTERM].map { number in
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { done.signal() }
            source.resume()
            return source
        }
        if let exitAfter { _ = done.wait(timeout: .now() + exitAfter) } else { done.wait() }
        sources.forEach { $0.cancel() }
        FileHandle.standardError.write(Data("softphone answer: \(answerer.finish())\n".utf8))
    }
}

extension SocketAddress {
    /// `HOST:PORT` or `[V6]:PORT` with an IP literal.
    init?(parsing text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.init(ip: host, port: port)
    }
}
