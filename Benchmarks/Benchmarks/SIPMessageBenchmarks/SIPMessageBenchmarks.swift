import Benchmark
import Foundation
import SIPMessage
import StackCore

/// Parse and serialize each fixture kind. A parse here is what `softphone decode sip --repeat`
/// measures: every header indexed and the hot headers in typed form.
/// `BENCHMARK_SMOKE=1` runs each benchmark briefly, for CI.
let benchmarks: @Sendable () -> Void = {
    let smoke = ProcessInfo.processInfo.environment["BENCHMARK_SMOKE"] == "1"
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: smoke ? 10 : 1_000,
        maxDuration: smoke ? .milliseconds(100) : .seconds(2),
        maxIterations: smoke ? 1_000 : 1_000_000)

    for (name, file) in SIPFixtures.kinds {
        let bytes = SIPFixtures.load(file)
        Benchmark("parse \(name)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try? SIPMessage(parsing: bytes))
            }
        }
        guard let message = try? SIPMessage(parsing: bytes) else { fatalError("fixture \(file) does not parse") }
        Benchmark("serialize \(name)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(message.serialized())
            }
        }
    }

    let framed = SIPFixtures.kinds.prefix(5).flatMap { SIPFixtures.load($0.1) }
    Benchmark("stream framer, 5 messages in 1400-byte segments") { benchmark in
        for _ in benchmark.scaledIterations {
            var framer = SIPStreamFramer(role: .acceptor)
            var index = 0
            var count = 0
            while index < framed.count {
                let end = min(framed.count, index + 1400)
                try? framer.append(framed[index..<end])
                while case .message? = try? framer.next() { count += 1 }
                index = end
            }
            blackHole(count)
        }
    }
}

enum SIPFixtures {
    static let kinds: [(String, String)] = [
        ("INVITE with SDP", "invite-sdp.sip"), ("180 Ringing", "ringing-180.sip"), ("200 with SDP", "ok-200-sdp.sip"),
        ("ACK", "ack.sip"), ("BYE", "bye.sip"), ("REGISTER", "register-deskphone.sip"),
        ("401 Unauthorized", "unauthorized-401-kamailio.sip"), ("NOTIFY", "notify-sipfrag.sip"),
        ("30-header message", "thirty-headers.sip"),
    ]

    static func load(_ file: String) -> [UInt8] {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        let path = url.appendingPathComponent("Fixtures/sip/\(file)").path
        guard let data = FileManager.default.contents(atPath: path) else { fatalError("missing fixture \(path)") }
        return Array(data)
    }
}
