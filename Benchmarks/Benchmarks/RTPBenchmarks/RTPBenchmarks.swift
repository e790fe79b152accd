import Benchmark
import Foundation
import RTP
import StackCore

/// The per-packet work of a media receiver and sender: parse an RTP packet, serialize one into a
/// reused buffer, update the receiver statistics; and per report, parse a compound RTCP packet. The
/// target (issue 5) is well under a microsecond per packet with no allocation.
/// Figures are per packet (each sample runs 1000). `BENCHMARK_SMOKE=1` runs each briefly, for CI.
let benchmarks: @Sendable () -> Void = {
    let smoke = ProcessInfo.processInfo.environment["BENCHMARK_SMOKE"] == "1"
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: smoke ? 10 : 1_000,
        scalingFactor: .kilo,
        maxDuration: smoke ? .milliseconds(100) : .seconds(2),
        maxIterations: smoke ? 100 : 1_000_000)

    // A 20 ms Opus frame: 12-byte header, a one-byte-form header extension (audio level), 80 bytes.
    let ext = try! RTPHeaderExtension(elements: [RTPHeaderExtensionElement(id: 1, value: [0x30][...])])
    let opus = RTPPacket(marker: false, payloadType: PayloadType(rawValue: 111)!, sequenceNumber: SequenceNumber(4711),
                         timestamp: RTPTimestamp(960_000), ssrc: SSRC(0xCAFE_BABE), headerExtension: ext,
                         payload: [UInt8](repeating: 0x5A, count: 80)[...])
    let opusBytes = opus.serialized()

    Benchmark("RTP parse (Opus 20 ms, extension)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try? RTPPacket(parsing: opusBytes)) }
    }
    Benchmark("RTP serialize into a reused buffer") { benchmark in
        var buffer = [UInt8](repeating: 0, count: 1500)
        for _ in benchmark.scaledIterations {
            buffer.withUnsafeMutableBytes { blackHole(try? opus.serialize(into: $0)) }
        }
    }
    Benchmark("receiver statistics per packet") { benchmark in
        var stats = RTPSourceStatistics(ssrc: SSRC(1), firstSequence: SequenceNumber(0), clockRate: 48000)
        var seq: UInt16 = 0
        var ns: Int64 = 0
        for _ in benchmark.scaledIterations {
            seq &+= 1
            ns += 20_000_000
            blackHole(stats.receive(sequence: SequenceNumber(seq), timestamp: RTPTimestamp(UInt32(seq) &* 960),
                                    arrival: Instant(nanoseconds: ns), payloadLength: 80))
        }
    }

    let compound = try! RTCPCompoundPacket([
        .senderReport(SenderReport(ssrc: SSRC(1), ntpTimestamp: NTPTimestamp(seconds: 0xE76F_4380, fraction: 0), rtpTimestamp: RTPTimestamp(0),
                                   packetCount: 250, octetCount: 20000, reports: [RTCPReportBlock(
                                       ssrc: SSRC(2), fractionLost: 3, cumulativeLost: 10, extendedHighestSequence: 70000, jitter: 120,
                                       lastSenderReport: 0xB705_2000, delaySinceLastSenderReport: 0x5_4000)])),
        .sourceDescription(SourceDescription(ssrc: SSRC(1), cname: "4f1c2e@192.0.2.10")),
    ]).serialized()
    Benchmark("RTCP parse (SR with a block + SDES CNAME)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try? RTCPCompoundPacket(parsing: compound)) }
    }

    // The jitter buffer: 20 ms Opus packets with 0–30 ms of jitter, so the estimator, the floor
    // and the quantile all move. Each sample inserts 1000 packets, or pulls 1000 frames from a
    // buffer filled beforehand (outside the measurement); the buffer is built outside it too.
    let jitterPackets = (0..<1000).map { i in
        RTPPacket(payloadType: PayloadType(rawValue: 111)!, sequenceNumber: SequenceNumber(UInt16(truncatingIfNeeded: i)),
                  timestamp: RTPTimestamp(UInt32(i) &* 960), ssrc: SSRC(7), payload: [UInt8](repeating: 0x5A, count: 80)[...])
    }
    let arrivals = (0..<1000).map { i in Instant(nanoseconds: Int64(i) * 20_000_000 + Int64((i &* 7919) % 31) * 1_000_000) }
    let jitterConfiguration = JitterBufferConfiguration(clockRate: 48000, capacity: 1024, maximumPayloadSize: 160)
    Benchmark("jitter buffer insert per packet") { benchmark in
        var buffer = JitterBuffer(configuration: jitterConfiguration)
        benchmark.startMeasurement()
        for i in benchmark.scaledIterations { blackHole(buffer.insert(jitterPackets[i % 1000], arrival: arrivals[i % 1000])) }
        benchmark.stopMeasurement()
    }
    Benchmark("jitter buffer pull per frame") { benchmark in
        var buffer = JitterBuffer(configuration: jitterConfiguration)
        var payload = [UInt8]()
        payload.reserveCapacity(1500)
        for i in 0..<1000 { buffer.insert(jitterPackets[i], arrival: arrivals[i]) }
        var now = Instant(nanoseconds: 40_000_000)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let action = buffer.pull(at: now, payload: &payload)
            now = now + .nanoseconds(Int64(action.outputDuration) * 1_000_000_000 / 48000)
            blackHole(action)
        }
        benchmark.stopMeasurement()
    }
}
