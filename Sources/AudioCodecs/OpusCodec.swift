import COpus
import COpusShims

/// Opus (RFC 6716) through libopus, as RTP payload per RFC 7587: a 48 kHz RTP clock at any sampling
/// rate, frames of 2.5 to 60 ms, in-band FEC to recover a lost frame from the next packet, DTX, and
/// libopus's own concealment.
public final class OpusCodec: AudioCodec {
    public let descriptor: AudioCodecDescriptor
    /// The encoder's settings.
    public private(set) var configuration: OpusConfiguration
    private let encoder: OpaquePointer
    private let decoder: OpaquePointer
    /// The samples per channel of the last frame decoded or concealed (the size a concealed frame
    /// should have when the caller does not know it).
    public private(set) var lastFrameSamplesPerChannel: Int

    /// An encoder and decoder at `configuration`'s rate and channels.
    public init(_ configuration: OpusConfiguration = OpusConfiguration()) throws(AudioCodecError) {
        try configuration.validate()
        var error: Int32 = 0
        let rate = Int32(configuration.sampleRate), channels = Int32(configuration.channels)
        guard let encoder = opus_encoder_create(rate, channels, OPUS_APPLICATION_VOIP, &error), error == OPUS_OK else {
            throw Self.failure("opus_encoder_create", error)
        }
        guard let decoder = opus_decoder_create(rate, channels, &error), error == OPUS_OK else {
            opus_encoder_destroy(encoder)
            throw Self.failure("opus_decoder_create", error)
        }
        self.encoder = encoder
        self.decoder = decoder
        self.configuration = configuration
        lastFrameSamplesPerChannel = configuration.sampleRate / 50
        descriptor = AudioCodecDescriptor(
            encodingName: "opus", staticPayloadType: nil, sampleRate: configuration.sampleRate,
            channels: configuration.channels, rtpClockRate: 48000,
            frameDurations: [2_500, 5_000, 10_000, 20_000, 40_000, 60_000],
            // RFC 6716 §3.2.1: a frame is at most 1275 bytes; a 40 or 60 ms packet carries 2 or 3 frames.
            maximumPayloadSize: 3 * 1275 + 7)
        // Every stored property is set, so if this throws, deinit frees both states.
        try apply(configuration)
    }

    deinit {
        opus_encoder_destroy(encoder)
        opus_decoder_destroy(decoder)
    }

    /// Changes the encoder's settings in flight (bitrate, complexity, VBR, FEC, DTX, expected loss,
    /// bandwidth). The sample rate and channels are fixed for the codec's life.
    public func reconfigure(_ new: OpusConfiguration) throws(AudioCodecError) {
        try new.validate()
        guard new.sampleRate == configuration.sampleRate, new.channels == configuration.channels else {
            throw .invalidConfiguration("the sample rate and channels of an Opus codec cannot change")
        }
        try apply(new)
        configuration = new
    }

    private func apply(_ c: OpusConfiguration) throws(AudioCodecError) {
        try check("OPUS_SET_BITRATE", copus_set_bitrate(encoder, c.bitrate.map(Int32.init) ?? OPUS_AUTO))
        try check("OPUS_SET_COMPLEXITY", copus_set_complexity(encoder, Int32(c.complexity)))
        try check("OPUS_SET_VBR", copus_set_vbr(encoder, c.variableBitrate ? 1 : 0))
        try check("OPUS_SET_INBAND_FEC", copus_set_inband_fec(encoder, c.inBandFEC ? 1 : 0))
        try check("OPUS_SET_DTX", copus_set_dtx(encoder, c.discontinuousTransmission ? 1 : 0))
        try check("OPUS_SET_PACKET_LOSS_PERC", copus_set_packet_loss_perc(encoder, Int32(c.expectedPacketLossPercent)))
        try check("OPUS_SET_MAX_BANDWIDTH",
                  copus_set_max_bandwidth(encoder, (c.maximumBandwidth ?? .fullband).rawValue))
        try check("OPUS_SET_SIGNAL", copus_set_signal(encoder, OPUS_SIGNAL_VOICE))
    }

    /// The encoder's algorithmic delay in samples per channel (RFC 6716 §2: 2.5 ms plus 4 ms in
    /// the voice mode's look-ahead, at the codec's rate).
    public var lookahead: Int {
        var samples: Int32 = 0
        _ = copus_get_lookahead(encoder, &samples)
        return Int(samples)
    }

    /// The bitrate libopus is using.
    public var currentBitrate: Int {
        var bitrate: Int32 = 0
        _ = copus_get_bitrate(encoder, &bitrate)
        return Int(bitrate)
    }

    /// True when DTX is on and the last frame encoded was silence (its payload then needs no
    /// packet: RFC 7587 §3.3 lets the sender skip it).
    public var lastFrameWasDTX: Bool {
        var inDTX: Int32 = 0
        _ = copus_get_in_dtx(encoder, &inDTX)
        return inDTX != 0
    }

    public func encode(_ pcm: Span<Int16>, into payload: inout MutableSpan<UInt8>) throws(AudioCodecError) -> Int {
        guard descriptor.frameDuration(forSamples: pcm.count) != nil else {
            throw .invalidFrameSize(samples: pcm.count, codec: descriptor.encodingName)
        }
        guard payload.count > 0 else { throw .outputTooSmall(needed: descriptor.maximumPayloadSize, available: 0) }
        let frame = Int32(pcm.count / configuration.channels)
        let encoder = encoder
        let result = pcm.withUnsafeBufferPointer { input in
            payload.withUnsafeMutableBufferPointer { output in
                // Both buffers are non-empty here (a frame, and the guard above).
                opus_encode(encoder, input.baseAddress!, frame, output.baseAddress!, Int32(min(output.count, Int(Int32.max))))
            }
        }
        guard result >= 0 else {
            if result == OPUS_BUFFER_TOO_SMALL { throw .outputTooSmall(needed: descriptor.maximumPayloadSize, available: payload.count) }
            throw Self.failure("opus_encode", result)
        }
        return Int(result)
    }

    public func decode(_ payload: Span<UInt8>, into pcm: inout MutableSpan<Int16>) throws(AudioCodecError) -> Int {
        guard payload.count > 0 else { throw .invalidPayload("empty Opus payload") }
        return try run("opus_decode", payload, &pcm, maxSamplesPerChannel: pcm.count / configuration.channels, fec: false)
    }

    public func conceal(into pcm: inout MutableSpan<Int16>) throws(AudioCodecError) -> Int {
        try run("opus_decode (concealment)", nil, &pcm, maxSamplesPerChannel: try lostFrameSize(pcm), fec: false)
    }

    /// Decodes the FEC copy of the lost frame carried by `nextPayload` (RFC 6716 §2.1.7); when the
    /// packet has none, libopus conceals instead. `nextPayload` must still be decoded normally after.
    public func recover(lostFrameUsing nextPayload: Span<UInt8>, into pcm: inout MutableSpan<Int16>) throws(AudioCodecError) -> Int {
        guard nextPayload.count > 0 else { return try conceal(into: &pcm) }
        return try run("opus_decode (FEC)", nextPayload, &pcm, maxSamplesPerChannel: try lostFrameSize(pcm), fec: true)
    }

    public func reset() {
        _ = copus_encoder_reset(encoder)
        _ = copus_decoder_reset(decoder)
    }

    /// The whole of `pcm`, in samples per channel, when it is a multiple of 2.5 ms as libopus requires
    /// of a concealed or recovered frame.
    private func lostFrameSize(_ pcm: borrowing MutableSpan<Int16>) throws(AudioCodecError) -> Int {
        let perChannel = pcm.count / configuration.channels
        let quantum = configuration.sampleRate / 400
        guard perChannel > 0, perChannel % quantum == 0, pcm.count % configuration.channels == 0 else {
            throw .invalidFrameSize(samples: pcm.count, codec: descriptor.encodingName)
        }
        return perChannel
    }

    private func run(_ function: String, _ payload: Span<UInt8>?, _ pcm: inout MutableSpan<Int16>,
                     maxSamplesPerChannel: Int, fec: Bool) throws(AudioCodecError) -> Int {
        guard maxSamplesPerChannel > 0 else { throw .outputTooSmall(needed: 5760 * configuration.channels, available: pcm.count) }
        let decoder = decoder
        let frame = Int32(min(maxSamplesPerChannel, Int(Int32.max)))
        let result: Int32 = pcm.withUnsafeMutableBufferPointer { output in
            guard let out = output.baseAddress else { return OPUS_BUFFER_TOO_SMALL }
            guard let payload else { return opus_decode(decoder, nil, 0, out, frame, 0) }
            return payload.withUnsafeBufferPointer { input in
                opus_decode(decoder, input.baseAddress, Int32(input.count), out, frame, fec ? 1 : 0)
            }
        }
        guard result >= 0 else {
            if result == OPUS_BUFFER_TOO_SMALL { throw .outputTooSmall(needed: 5760 * configuration.channels, available: pcm.count) }
            if result == OPUS_INVALID_PACKET { throw .invalidPayload("libopus rejected the packet") }
            throw Self.failure(function, result)
        }
        lastFrameSamplesPerChannel = Int(result)
        return Int(result) * configuration.channels
    }

    private func check(_ function: String, _ code: Int32) throws(AudioCodecError) {
        if code != OPUS_OK { throw Self.failure(function, code) }
    }

    private static func failure(_ function: String, _ code: Int32) -> AudioCodecError {
        .library(function: function, code: code, message: String(cString: opus_strerror(code)))
    }
}
