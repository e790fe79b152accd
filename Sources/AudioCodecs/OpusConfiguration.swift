/// How an Opus encoder is set up (RFC 6716; the settings are libopus's encoder ctls).
public struct OpusConfiguration: Sendable, Hashable {
    /// The audio bandwidth the encoder may use at most.
    public enum Bandwidth: Int32, Sendable, Hashable, Comparable {
        /// 4 kHz (8 kHz sampling).
        case narrowband = 1101
        /// 6 kHz (12 kHz sampling).
        case mediumband = 1102
        /// 8 kHz (16 kHz sampling).
        case wideband = 1103
        /// 12 kHz (24 kHz sampling).
        case superWideband = 1104
        /// 20 kHz (48 kHz sampling).
        case fullband = 1105

        /// The narrowest band that carries everything a receiver playing at `rate` Hz can use
        /// (RFC 7587 §6.1 `maxplaybackrate`).
        public init(playbackRate rate: Int) {
            switch rate {
            case ..<12000: self = .narrowband
            case ..<16000: self = .mediumband
            case ..<24000: self = .wideband
            case ..<48000: self = .superWideband
            default: self = .fullband
            }
        }

        public static func < (a: Bandwidth, b: Bandwidth) -> Bool { a.rawValue < b.rawValue }
    }

    /// PCM samples per second per channel: 8000, 12000, 16000, 24000 or 48000.
    public var sampleRate: Int
    /// PCM channels: 1 or 2.
    public var channels: Int
    /// Target bitrate in bit/s (6000 to 510000), or nil for libopus's choice.
    public var bitrate: Int?
    /// Encoder complexity, 0 (fastest) to 10 (best).
    public var complexity: Int
    /// Variable bitrate (true) or constant (false).
    public var variableBitrate: Bool
    /// In-band forward error correction: each packet carries a low-rate copy of the previous frame.
    public var inBandFEC: Bool
    /// Discontinuous transmission: silence is sent as rare 1–2 byte frames.
    public var discontinuousTransmission: Bool
    /// The loss rate the encoder should expect (0–100 %), which sizes the FEC it adds.
    public var expectedPacketLossPercent: Int
    /// The widest band to encode, or nil for no limit beyond the sample rate.
    public var maximumBandwidth: Bandwidth?

    /// Voice settings: mono, libopus's bitrate, complexity 9, VBR, no FEC or DTX.
    public init(sampleRate: Int = 48000, channels: Int = 1, bitrate: Int? = nil, complexity: Int = 9,
                variableBitrate: Bool = true, inBandFEC: Bool = false, discontinuousTransmission: Bool = false,
                expectedPacketLossPercent: Int = 0, maximumBandwidth: Bandwidth? = nil) {
        self.sampleRate = sampleRate
        self.channels = channels
        self.bitrate = bitrate
        self.complexity = complexity
        self.variableBitrate = variableBitrate
        self.inBandFEC = inBandFEC
        self.discontinuousTransmission = discontinuousTransmission
        self.expectedPacketLossPercent = expectedPacketLossPercent
        self.maximumBandwidth = maximumBandwidth
    }

    /// Throws unless every setting is within libopus's ranges.
    public func validate() throws(AudioCodecError) {
        guard [8000, 12000, 16000, 24000, 48000].contains(sampleRate) else {
            throw .invalidConfiguration("Opus sample rate \(sampleRate) (8000, 12000, 16000, 24000 or 48000)")
        }
        guard channels == 1 || channels == 2 else { throw .invalidConfiguration("Opus channels \(channels) (1 or 2)") }
        if let bitrate, !(6000...510_000).contains(bitrate) {
            throw .invalidConfiguration("Opus bitrate \(bitrate) (6000 to 510000)")
        }
        guard (0...10).contains(complexity) else { throw .invalidConfiguration("Opus complexity \(complexity) (0 to 10)") }
        guard (0...100).contains(expectedPacketLossPercent) else {
            throw .invalidConfiguration("expected packet loss \(expectedPacketLossPercent) % (0 to 100)")
        }
    }

    /// These settings as the remote receiver's fmtp asks for them (RFC 7587 §7.1): its
    /// `maxplaybackrate` caps the band, `maxaveragebitrate` the bitrate, `stereo=0` (the default)
    /// makes us send mono, `cbr`, `useinbandfec` and `usedtx` switch those features.
    public func adapted(to remote: OpusFormatParameters) -> OpusConfiguration {
        var c = self
        if let rate = remote.maxPlaybackRate {
            let band = Bandwidth(playbackRate: rate)
            c.maximumBandwidth = min(c.maximumBandwidth ?? .fullband, band)
        }
        if let cap = remote.maxAverageBitrate {
            let capped = min(max(cap, 6000), 510_000)
            c.bitrate = min(c.bitrate ?? capped, capped)
        }
        if !remote.stereo { c.channels = 1 }
        if remote.constantBitrate { c.variableBitrate = false }
        c.inBandFEC = remote.useInBandFEC
        c.discontinuousTransmission = remote.useDTX
        return c
    }
}
