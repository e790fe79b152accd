import RTP
import Testing

/// The G.107 E-model against its published default and hand-computed terms, and the call-quality
/// estimate fed by jitter-buffer statistics.
@Suite struct EModelTests {
    /// G.107: with every parameter at its default, R = 93.2 (93.21 before rounding), MOS 4.41.
    @Test func defaultsGiveNinetyThreePointTwo() {
        let model = EModel()
        #expect(abs(model.rating - 93.206) < 0.01, "R = \(model.rating)")
        #expect(abs(model.meanOpinionScore - 4.41) < 0.005)
    }

    /// Annex B's mapping at hand-computed points: R 50 → 1 + 1.75 − 0.175 = 2.575; R 80 → 4.024;
    /// clamped to 1 and 4.5 outside 0…100.
    @Test func mosMapping() {
        #expect(abs(EModel.meanOpinionScore(rating: 50) - 2.575) < 1e-9)
        #expect(abs(EModel.meanOpinionScore(rating: 80) - (1 + 2.8 + 80 * 20 * 20 * 7e-6)) < 1e-9)
        #expect(EModel.meanOpinionScore(rating: -5) == 1 && EModel.meanOpinionScore(rating: 120) == 4.5)
    }

    /// Ie,eff for G.711 with concealment at 1% random loss: 95 · 1 / (1 + 25.1) = 3.640; at BurstR 2
    /// the same loss costs 95 · 1 / (0.5 + 25.1) = 3.711.
    @Test func lossImpairment() {
        var model = EModel()
        model.packetLossRobustness = CodecImpairment.g711.packetLossRobustness
        model.packetLossPercent = 1
        #expect(abs(model.effectiveEquipmentImpairment - 95.0 / 26.1) < 1e-9)
        #expect(abs(model.rating - (93.206 - 95.0 / 26.1)) < 0.01)
        model.burstRatio = 2
        #expect(abs(model.effectiveEquipmentImpairment - 95.0 / 25.6) < 1e-9)
    }

    /// Pure delay: Idd is zero up to 100 ms and, at Ta = 200 ms (X = 1), 25·(2^(1/6) − 3·(1+1/729)^(1/6) + 2)
    /// = 3.044. R then falls steadily with delay.
    @Test func delayImpairment() {
        var at100 = EModel()
        at100.absoluteDelay = 100
        #expect(abs(at100.rating - EModel().rating) < 1e-9)
        var at200 = EModel()
        at200.absoluteDelay = 200
        #expect(abs((EModel().rating - at200.rating) - 3.044) < 0.01)
        var previous = EModel().rating
        for ms in stride(from: 150.0, through: 600, by: 50) {
            var m = EModel()
            m.absoluteDelay = ms
            m.meanOneWayDelay = ms
            m.roundTripDelay = 2 * ms
            #expect(m.rating < previous)
            previous = m.rating
        }
    }

    /// The estimate from measured figures: a clean G.711 call with 40 ms RTT, 30 ms of buffer and
    /// 20 ms packets rates about 91 (talker echo at TELR 65 dB costs ~2 at 70 ms; MOS ≥ 4.3); 5% bursty loss and 300 ms RTT bring it down a class.
    @Test func callQualityEstimate() {
        let clean = CallQualityEstimate(codec: .g711, roundTripTime: .milliseconds(40), jitterBufferDelay: .milliseconds(30),
                                        packetDuration: .milliseconds(20), effectiveLoss: 0)
        #expect(clean.mouthToEarDelay == 70)
        #expect(clean.rating > 90 && clean.meanOpinionScore >= 4.3, "R \(clean.rating)")
        let poor = CallQualityEstimate(codec: .g711, roundTripTime: .milliseconds(300), jitterBufferDelay: .milliseconds(80),
                                       packetDuration: .milliseconds(20), effectiveLoss: 0.05, burstRatio: 2)
        #expect(poor.rating < 80 && poor.meanOpinionScore < clean.meanOpinionScore)
        #expect(CallQualityEstimate(codec: .g711WithoutConcealment, roundTripTime: .zero, jitterBufferDelay: .zero,
                                    packetDuration: .milliseconds(20), effectiveLoss: 0.05).rating < poor.rating)
        let nonsense = CallQualityEstimate(codec: .opus, roundTripTime: .seconds(-3), jitterBufferDelay: .zero,
                                           packetDuration: .milliseconds(20), effectiveLoss: .nan, burstRatio: .infinity)
        #expect(nonsense.rating.isFinite && nonsense.effectiveLoss == 0)
    }

    /// Fed by a jitter buffer: bursty loss gives a burst ratio above 1, random loss about 1.
    @Test func burstRatioFromTheJitterBuffer() {
        var bursty = GilbertElliott(goodToBad: 0.01, badToGood: 0.3, badLoss: 1)
        let burstyTrace = JitterTrace(count: 20_000, seed: 21) { i, _, r in i > 0 && bursty.loses(&r) ? nil : 25_000_000 }
        let b = TraceRun(burstyTrace, configuration: .init(clockRate: 8000)).statistics
        var random = GilbertElliott(goodToBad: 0.03, badToGood: 1, badLoss: 1)
        let randomTrace = JitterTrace(count: 20_000, seed: 22) { i, _, r in i > 0 && random.loses(&r) ? nil : 25_000_000 }
        let r = TraceRun(randomTrace, configuration: .init(clockRate: 8000)).statistics
        #expect(b.burstRatio > 2.5, "bursty: \(b.burstRatio)")
        #expect(abs(r.burstRatio - 1) < 0.1, "random: \(r.burstRatio)")
        let estimate = CallQualityEstimate(codec: .g711, statistics: b, roundTripTime: .milliseconds(50), packetDuration: .milliseconds(20))
        #expect(estimate.effectiveLoss > 0.02 && estimate.rating < 90)
    }
}
