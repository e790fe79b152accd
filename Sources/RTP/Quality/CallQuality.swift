import StackCore

/// A codec's place in the E-model: its equipment impairment Ie and packet-loss robustness Bpl.
public struct CodecImpairment: Sendable, Hashable {
    /// Ie: the codec's impairment with no loss.
    public var equipmentImpairment: Double
    /// Bpl: how well the codec (with its concealment) withstands random loss.
    public var packetLossRobustness: Double
    /// Algorithmic delay added to the mouth-to-ear delay (look-ahead), in milliseconds.
    public var lookAhead: Double

    /// A codec with the given figures.
    public init(equipmentImpairment: Double, packetLossRobustness: Double, lookAhead: Double = 0) {
        self.equipmentImpairment = equipmentImpairment
        self.packetLossRobustness = packetLossRobustness
        self.lookAhead = lookAhead
    }

    /// G.711 with the G.711 Appendix I concealment: Ie 0, Bpl 25.1 (ITU-T G.113 Appendix I).
    public static let g711 = CodecImpairment(equipmentImpairment: 0, packetLossRobustness: 25.1)
    /// G.711 without concealment: Ie 0, Bpl 4.3 (ITU-T G.113 Appendix I).
    public static let g711WithoutConcealment = CodecImpairment(equipmentImpairment: 0, packetLossRobustness: 4.3)
    /// G.722 at 64 kbit/s rated on the narrowband scale: G.113 gives it only a wideband factor
    /// (G.107.1), so it is taken as no worse than G.711 with concealment (Ie 0, Bpl 25.1); its
    /// 1.5 ms filter delay is added. An assumption, not a G.113 figure.
    public static let g722 = CodecImpairment(equipmentImpairment: 0, packetLossRobustness: 25.1, lookAhead: 1.5)
    /// Opus (speech, wideband or better) rated on the narrowband scale: G.113 has no figure for it,
    /// so it is taken as G.711 with concealment (Ie 0, Bpl 25.1) with its 6.5 ms look-ahead. An
    /// assumption, not a G.113 figure.
    public static let opus = CodecImpairment(equipmentImpairment: 0, packetLossRobustness: 25.1, lookAhead: 6.5)
}

/// A call-quality estimate from measured figures: the G.107 R-factor and MOS.
public struct CallQualityEstimate: Sendable, Hashable {
    /// The transmission rating R (0–100; 93.2 for a perfect narrowband call).
    public var rating: Double
    /// The MOS estimate from R (1–4.5): conversational quality (MOS-CQ), delay included.
    public var meanOpinionScore: Double
    /// The listening-quality MOS (MOS-LQ): the same call rated without the delay impairment.
    public var listeningMeanOpinionScore: Double
    /// The mouth-to-ear delay the estimate assumed, in milliseconds.
    public var mouthToEarDelay: Double
    /// The effective loss it assumed (lost and late over expected), as a fraction.
    public var effectiveLoss: Double

    /// Rates a call from its figures. The mouth-to-ear delay is half the round-trip time plus the
    /// jitter-buffer delay, the packet duration and the codec's look-ahead; lost and late packets
    /// both count as loss; burst ratio 1 means random loss.
    public init(codec: CodecImpairment, roundTripTime: Duration, jitterBufferDelay: Duration, packetDuration: Duration,
                effectiveLoss: Double, burstRatio: Double = 1) {
        func ms(_ d: Duration) -> Double { Double(d.nanosecondsClamped) / 1e6 }
        let delay = max(ms(roundTripTime), 0) / 2 + max(ms(jitterBufferDelay), 0) + max(ms(packetDuration), 0) + codec.lookAhead
        var model = EModel()
        model.meanOneWayDelay = delay
        model.absoluteDelay = delay
        model.roundTripDelay = 2 * delay
        model.equipmentImpairment = codec.equipmentImpairment
        model.packetLossRobustness = codec.packetLossRobustness
        let loss = effectiveLoss.isNaN ? 0 : min(max(effectiveLoss, 0), 1)
        model.packetLossPercent = loss * 100
        model.burstRatio = burstRatio.isNaN ? 1 : max(burstRatio, 1)
        rating = model.rating
        meanOpinionScore = EModel.meanOpinionScore(rating: rating)
        (model.meanOneWayDelay, model.absoluteDelay, model.roundTripDelay) = (0, 0, 0)
        listeningMeanOpinionScore = model.meanOpinionScore
        mouthToEarDelay = delay
        self.effectiveLoss = loss
    }

    /// Rates a call from a jitter buffer's statistics: its loss (lost and late), burst ratio and mean
    /// delay, with the round-trip time from RTCP.
    public init(codec: CodecImpairment, statistics s: JitterBufferStatistics, roundTripTime: Duration, packetDuration: Duration) {
        self.init(codec: codec, roundTripTime: roundTripTime, jitterBufferDelay: s.meanDelay, packetDuration: packetDuration,
                  effectiveLoss: s.effectiveLoss, burstRatio: s.burstRatio)
    }
}
