import Benchmark
import Foundation
import SDP

/// What a phone does with every incoming call's SDP: parse the offer and answer it, and with every
/// outgoing call's: build the offer and take the answer. Fixtures are real captures (baresip,
/// linphonec) and a browser-style offer. `BENCHMARK_SMOKE=1` runs each briefly, for CI.
let benchmarks: @Sendable () -> Void = {
    let smoke = ProcessInfo.processInfo.environment["BENCHMARK_SMOKE"] == "1"
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: smoke ? 10 : 1_000,
        maxDuration: smoke ? .milliseconds(100) : .seconds(2),
        maxIterations: smoke ? 1_000 : 1_000_000)

    let configuration = SDPNegotiatorConfiguration(sessionID: "4242", address: "192.0.2.10", media: [.defaultAudio(port: 40000)])
    for (name, file) in [("linphone offer", "captured/linphone-offer.sdp"), ("baresip offer", "captured/baresip-offer.sdp"),
                         ("browser offer", "webrtc-browser-offer.sdp")]
    {
        let bytes = SDPFixtures.load(file)
        Benchmark("parse \(name)") { benchmark in
            for _ in benchmark.scaledIterations { blackHole(try? SDPSessionDescription(parsing: bytes)) }
        }
        guard (try? SDPSessionDescription(parsing: bytes)) != nil else { fatalError("\(file) does not parse") }
    }
    for (name, file) in [("linphone offer", "captured/linphone-offer.sdp"), ("baresip offer", "captured/baresip-offer.sdp")] {
        let bytes = SDPFixtures.load(file)
        Benchmark("parse + answer + serialize, \(name)") { benchmark in
            for _ in benchmark.scaledIterations {
                var negotiator = SDPOfferAnswer(configuration: configuration)
                guard let offer = try? SDPSessionDescription(parsing: bytes),
                      let (answer, _) = try? negotiator.receiveOffer(offer) else { fatalError("no answer to \(file)") }
                blackHole(answer.serializedBytes())
            }
        }
    }
    let answer = SDPFixtures.load("captured/linphone-answer.sdp")
    Benchmark("offer + serialize + parse answer + take it, linphone") { benchmark in
        for _ in benchmark.scaledIterations {
            var negotiator = SDPOfferAnswer(configuration: configuration)
            guard let offer = try? negotiator.createOffer(), let parsed = try? SDPSessionDescription(parsing: answer),
                  let n = try? negotiator.receiveAnswer(parsed) else { fatalError("offer/answer with linphone failed") }
            blackHole(offer.serializedBytes())
            blackHole(n)
        }
    }
}

enum SDPFixtures {
    static func load(_ file: String) -> [UInt8] {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        let path = url.appendingPathComponent("Fixtures/sdp/\(file)").path
        guard let data = FileManager.default.contents(atPath: path) else { fatalError("missing fixture \(path)") }
        return Array(data)
    }
}
