import StackCore

/// The VoIP metrics report block of RTCP XR (RFC 3611 §4.7): loss and discard, burst structure,
/// delay, signal, call quality and jitter-buffer figures for one source.
public struct VoIPMetrics: Sendable, Hashable {
    /// The source reported on.
    public var ssrc: SSRC
    /// Packets lost in the network, in 1/256 units.
    public var lossRate: UInt8
    /// Packets discarded by the jitter buffer (late or early), in 1/256 units.
    public var discardRate: UInt8
    /// The fraction lost or discarded within bursts, in 1/256 units.
    public var burstDensity: UInt8
    /// The same within gaps, in 1/256 units.
    public var gapDensity: UInt8
    /// The mean burst duration, in ms.
    public var burstDuration: UInt16
    /// The mean gap duration, in ms.
    public var gapDuration: UInt16
    /// The most recent round-trip delay, in ms.
    public var roundTripDelay: UInt16
    /// The end system delay (buffering, codec), in ms.
    public var endSystemDelay: UInt16
    /// The signal level, in dBm0 (127 means unavailable).
    public var signalLevel: Int8
    /// The noise level, in dBm0 (127 means unavailable).
    public var noiseLevel: Int8
    /// The residual echo return loss, in dB (127 means unavailable).
    public var residualEchoReturnLoss: UInt8
    /// The gap threshold (Gmin), 16 recommended.
    public var gmin: UInt8
    /// The R-factor of this call, 0–100 (127 means unavailable).
    public var rFactor: UInt8
    /// The external R-factor (from the far segment), 0–100 (127 means unavailable).
    public var externalRFactor: UInt8
    /// MOS listening quality ×10, 10–50 (127 means unavailable).
    public var mosLQ: UInt8
    /// MOS conversational quality ×10, 10–50 (127 means unavailable).
    public var mosCQ: UInt8
    /// Receiver configuration: PLC (2 bits), jitter-buffer adaptive (2 bits), rate (4 bits).
    public var receiverConfiguration: UInt8
    /// The nominal jitter-buffer delay, in ms.
    public var jitterBufferNominal: UInt16
    /// The current maximum jitter-buffer delay, in ms.
    public var jitterBufferMaximum: UInt16
    /// The absolute maximum jitter-buffer delay, in ms.
    public var jitterBufferAbsoluteMaximum: UInt16

    /// The size of the block's contents.
    static let size = 32

    /// Metrics for `ssrc` with every figure zero or unavailable; set the ones you measure.
    public init(ssrc: SSRC) {
        self.ssrc = ssrc
        (lossRate, discardRate, burstDensity, gapDensity) = (0, 0, 0, 0)
        (burstDuration, gapDuration, roundTripDelay, endSystemDelay) = (0, 0, 0, 0)
        (signalLevel, noiseLevel, residualEchoReturnLoss, gmin) = (127, 127, 127, 16)
        (rFactor, externalRFactor, mosLQ, mosCQ) = (127, 127, 127, 127)
        receiverConfiguration = 0
        (jitterBufferNominal, jitterBufferMaximum, jitterBufferAbsoluteMaximum) = (0, 0, 0)
    }

    init(_ c: ArraySlice<UInt8>) {
        let s = c.startIndex
        ssrc = SSRC(c.be32(s))
        (lossRate, discardRate, burstDensity, gapDensity) = (c[s + 4], c[s + 5], c[s + 6], c[s + 7])
        (burstDuration, gapDuration) = (c.be16(s + 8), c.be16(s + 10))
        (roundTripDelay, endSystemDelay) = (c.be16(s + 12), c.be16(s + 14))
        signalLevel = Int8(bitPattern: c[s + 16])
        noiseLevel = Int8(bitPattern: c[s + 17])
        (residualEchoReturnLoss, gmin) = (c[s + 18], c[s + 19])
        (rFactor, externalRFactor, mosLQ, mosCQ) = (c[s + 20], c[s + 21], c[s + 22], c[s + 23])
        receiverConfiguration = c[s + 24]
        jitterBufferNominal = c.be16(s + 26)
        (jitterBufferMaximum, jitterBufferAbsoluteMaximum) = (c.be16(s + 28), c.be16(s + 30))
    }

    func write(_ w: inout ByteWriter) {
        w.write32(ssrc.rawValue)
        for b in [lossRate, discardRate, burstDensity, gapDensity] { w.write(byte: b) }
        for v in [burstDuration, gapDuration, roundTripDelay, endSystemDelay] { w.write16(v) }
        for b in [UInt8(bitPattern: signalLevel), UInt8(bitPattern: noiseLevel), residualEchoReturnLoss, gmin,
                  rFactor, externalRFactor, mosLQ, mosCQ, receiverConfiguration, 0] { w.write(byte: b) }
        for v in [jitterBufferNominal, jitterBufferMaximum, jitterBufferAbsoluteMaximum] { w.write16(v) }
    }
}
