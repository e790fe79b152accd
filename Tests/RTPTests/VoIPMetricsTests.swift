import RTP
import StackCore
import StackTesting
import Testing

/// RTCP XR VoIP metrics (RFC 3611 §4.7) filled from a jitter buffer that received a trace.
@Suite struct VoIPMetricsTests {
    static func ms(_ value: Int64) -> Int64 { value * 1_000_000 }

    /// Bursty loss through the buffer: its burst/gap counter sees exactly the sender's pattern, and
    /// every field of the block follows from the statistics by the §4.7 formulas; the block
    /// survives the wire.
    @Test func filledFromBurstyLoss() throws {
        var channel = GilbertElliott(goodToBad: 0.01, badToGood: 0.3, badLoss: 0.9)
        let trace = JitterTrace(count: 5_000, seed: 5) { index, _, random in
            index > 0 && channel.loses(&random) ? nil : Self.ms(25)
        }
        let run = TraceRun(trace, configuration: .init(clockRate: 8000, minimumDelay: .milliseconds(30)))
        let stats = run.statistics

        var expected = BurstGapCounter()
        let received = Set(trace.arrivals.map(\.index))
        for i in 0..<trace.sent { expected.record(received: received.contains(i)) }
        let burstGap = stats.burstGap.metrics
        #expect(stats.burstGap == expected)
        #expect(burstGap.bursts > 10 && burstGap.burstDensity > 0.5 && burstGap.gapDensity < 0.01)

        let m = VoIPMetrics(ssrc: SSRC(0x1234), jitterBuffer: run.buffer, codec: .g711,
                            roundTripTime: .milliseconds(80), concealment: .standard)
        #expect(m.lossRate == UInt8(256 * trace.dropped / trace.sent) && m.discardRate == 0)
        #expect(m.burstDensity == UInt8(burstGap.burstDensity * 256))
        #expect(m.gapDensity == UInt8(burstGap.gapDensity * 256))
        #expect(m.burstDuration == UInt16((burstGap.burstLength * 20).rounded()))
        #expect(m.gapDuration == UInt16((burstGap.gapLength * 20).rounded()))
        #expect(m.roundTripDelay == 80 && m.gmin == 16)
        let quality = CallQualityEstimate(codec: .g711, statistics: stats, roundTripTime: .milliseconds(80),
                                          packetDuration: .milliseconds(20))
        #expect(m.rFactor == UInt8(quality.rating.rounded()) && m.mosCQ == UInt8((quality.meanOpinionScore * 10).rounded()))
        #expect(m.mosLQ >= m.mosCQ && m.rFactor > 50 && m.rFactor < 93)
        // Mean buffer delay plus a frame each way (look-ahead 0 for G.711).
        let endSystem = Double(stats.meanDelay.nanosecondsClamped) / 1e6 + 40
        #expect(abs(Double(m.endSystemDelay) - endSystem) <= 0.5)
        #expect(m.receiverConfiguration == 0b1111_0000)
        #expect(m.jitterBufferNominal == UInt16(stats.targetDelay.nanosecondsClamped / 1_000_000))
        #expect(m.jitterBufferMaximum == 500 && m.jitterBufferAbsoluteMaximum == 500)
        #expect(m.signalLevel == 127 && m.noiseLevel == 127 && m.residualEchoReturnLoss == 127 && m.externalRFactor == 127)

        let report = RTCPCompoundPacket([.extendedReport(ExtendedReport(ssrc: SSRC(9), blocks: [.voipMetrics(m)]))])
        let parsed = try RTCPCompoundPacket(parsing: try report.serialized(), validation: .reducedSize)
        #expect(parsed.packets == report.packets)
    }

    /// A packet that arrives after its playout time is a discard, not a loss (§4.7.1), and still
    /// counts as missing in the burst/gap split.
    @Test func latePacketIsADiscard() {
        let trace = JitterTrace(count: 100) { index, _, _ in index == 50 ? Self.ms(400) : Self.ms(20) }
        let run = TraceRun(trace, configuration: .init(clockRate: 8000))
        #expect(run.statistics.late == 1 && run.statistics.lost == 0)
        let m = VoIPMetrics(ssrc: SSRC(1), jitterBuffer: run.buffer, codec: .g711, roundTripTime: nil, concealment: .disabled)
        #expect(m.lossRate == 0 && m.discardRate == UInt8(256 / 100))
        #expect(m.gapDensity == UInt8(256.0 / 100) && m.burstDensity == 0 && m.burstDuration == 0 && m.gapDuration == 2000)
        #expect(m.roundTripDelay == 0 && m.receiverConfiguration == 0b0111_0000)
    }

    /// Before any packet: every rate 0, durations 0, and R and MOS of a clean call whose only delay
    /// is this end's (two 20 ms frames and Opus's 6.5 ms look-ahead), which costs R about a point.
    @Test func emptyBuffer() {
        let buffer = JitterBuffer(configuration: .init(clockRate: 48000))
        let m = VoIPMetrics(ssrc: SSRC(1), jitterBuffer: buffer, codec: .opus, roundTripTime: nil, concealment: .enhanced)
        #expect(m.lossRate == 0 && m.discardRate == 0 && m.burstDensity == 0 && m.gapDensity == 0)
        #expect(m.burstDuration == 0 && m.gapDuration == 0 && m.jitterBufferNominal == 10)
        #expect(m.endSystemDelay == 47 && m.rFactor == 92 && m.mosCQ == 44 && m.mosLQ == 44)
        #expect(m.receiverConfiguration == 0b1011_0000)
    }
}
