extension VoIPMetrics {
    /// The receiver's packet-loss concealment, as RTCP XR reports it (RFC 3611 §4.7.6).
    public enum Concealment: UInt8, Sendable, Hashable {
        /// Not said.
        case unspecified = 0
        /// Lost frames are played as silence.
        case disabled = 1
        /// Concealment that goes beyond repeating the last frame: a codec's own PLC or FEC.
        case enhanced = 2
        /// Simple repetition or interpolation of the last frame.
        case standard = 3
    }

    /// The VoIP metrics of a stream received through `jitterBuffer` (RFC 3611 §4.7), filled from
    /// what the stack measures: loss and discard rates, the Gmin-16 burst/gap split, round-trip and
    /// end-system delay, R-factor and MOS from the G.107 E-model, and the jitter buffer's delays.
    /// The signal, noise and echo figures need the audio itself and stay unavailable (127).
    ///
    /// - Parameters:
    ///   - ssrc: the source reported on.
    ///   - jitterBuffer: the buffer that received it.
    ///   - codec: the codec's E-model figures, for the R-factor.
    ///   - roundTripTime: the round-trip time from RTCP (§6.4.1), or nil if not yet known: the
    ///     field is then 0 and the quality figures assume no network delay.
    ///   - concealment: what the decoder does with lost frames.
    public init(ssrc: SSRC, jitterBuffer: JitterBuffer, codec: CodecImpairment, roundTripTime: Duration?,
                concealment: Concealment) {
        self.init(ssrc: ssrc)
        let s = jitterBuffer.statistics
        // §4.7.1: loss in the network, and discards by the buffer (late, dropped above the
        // maximum, too large or flushed), both over the packets expected.
        let expected = s.framesPlayed + s.lost + s.late + s.discarded
        lossRate = Self.fraction(s.lost, of: expected)
        discardRate = Self.fraction(s.late + s.discarded, of: expected)
        // §4.7.2: burst and gap densities and mean durations.
        let burstGap = s.burstGap.metrics
        let packetDuration = jitterBuffer.packetDuration
        burstDensity = Self.fraction(burstGap.burstDensity)
        gapDensity = Self.fraction(burstGap.gapDensity)
        burstDuration = Self.milliseconds(packetDuration, times: burstGap.burstLength)
        gapDuration = Self.milliseconds(packetDuration, times: burstGap.gapLength)
        gmin = UInt8(clamping: s.burstGap.gapThreshold)
        // §4.7.3: the round trip, and this end's own delay: packetising and look-ahead on the
        // sending side, buffering and one frame of decoding on the receiving side.
        let rtt = roundTripTime ?? .zero
        roundTripDelay = Self.milliseconds(rtt, times: 1)
        endSystemDelay = Self.milliseconds(s.meanDelay + packetDuration * 2, times: 1)
            &+ UInt16(clamping: Int(codec.lookAhead.rounded()))
        // §4.7.5: R-factor and MOS (×10) from the E-model.
        let quality = CallQualityEstimate(codec: codec, statistics: s, roundTripTime: rtt, packetDuration: packetDuration)
        rFactor = UInt8(clamping: Int(quality.rating.rounded()))
        mosCQ = Self.mos(quality.meanOpinionScore)
        mosLQ = Self.mos(quality.listeningMeanOpinionScore)
        // §4.7.6 and §4.7.7: PLC, an adaptive buffer (JBA 3), and its delays. Nominal is the target
        // delay. A packet is kept until playout runs above the maximum delay or the packets
        // queued outnumber the slots, so both maxima are the lower of those two bounds.
        receiverConfiguration = concealment.rawValue << 6 | 3 << 4
        let c = jitterBuffer.configuration
        jitterBufferNominal = Self.milliseconds(s.targetDelay, times: 1)
        jitterBufferAbsoluteMaximum = Self.milliseconds(min(c.maximumDelay, packetDuration * c.capacity), times: 1)
        jitterBufferMaximum = jitterBufferAbsoluteMaximum
    }

    /// `part` of `whole` in 1/256 units, at most 255 (§4.7.1); 0 when nothing was expected.
    static func fraction(_ part: Int, of whole: Int) -> UInt8 {
        whole <= 0 ? 0 : fraction(Double(max(part, 0)) / Double(whole))
    }

    static func fraction(_ value: Double) -> UInt8 {
        value.isNaN ? 0 : UInt8(min(max(value * 256, 0), 255))
    }

    /// `times` × `duration`, in whole milliseconds, at most 65535.
    static func milliseconds(_ duration: Duration, times: Double) -> UInt16 {
        let ms = Double(max(duration.nanosecondsClamped, 0)) / 1e6 * times
        return ms.isNaN ? 0 : UInt16(min(max(ms.rounded(), 0), 65535))
    }

    /// MOS ×10 in 10–50 (§4.7.5).
    static func mos(_ score: Double) -> UInt8 {
        score.isNaN ? 127 : UInt8(min(max((score * 10).rounded(), 10), 50))
    }
}
