/// One audio codec instance: an encoder and a decoder with their state, for one media stream.
///
/// PCM is 16-bit signed, interleaved when there are two channels. Buffers are the caller's: `encode`
/// writes a payload into `payload` and `decode` writes samples into `pcm`, each returning how many
/// elements it wrote, so a media loop that reuses its buffers allocates nothing per packet.
/// Instances are not `Sendable`: each belongs to the one thread (the media loop) that drives it.
public protocol AudioCodec: AnyObject {
    /// The codec's RTP name, clocks and PCM format.
    var descriptor: AudioCodecDescriptor { get }

    /// Encodes one frame: `pcm.count` must be `descriptor.samples(forMicroseconds:)` of an allowed
    /// duration (all channels counted). Returns the payload length written into `payload`.
    func encode(_ pcm: Span<Int16>, into payload: inout MutableSpan<UInt8>) throws(AudioCodecError) -> Int

    /// Decodes one payload into `pcm`; returns the samples written (all channels counted).
    func decode(_ payload: Span<UInt8>, into pcm: inout MutableSpan<Int16>) throws(AudioCodecError) -> Int

    /// Fills all of `pcm` (a whole frame) for a lost packet, continuing from what was decoded last.
    func conceal(into pcm: inout MutableSpan<Int16>) throws(AudioCodecError) -> Int

    /// Recovers a lost frame of `pcm.count` samples using the packet that followed it, when the codec
    /// carries redundancy (Opus in-band FEC); otherwise the same as ``conceal(into:)``.
    func recover(lostFrameUsing nextPayload: Span<UInt8>, into pcm: inout MutableSpan<Int16>) throws(AudioCodecError) -> Int

    /// Forgets the stream's history (after an SSRC change or a long gap).
    func reset()
}

extension AudioCodec {
    public func recover(lostFrameUsing nextPayload: Span<UInt8>, into pcm: inout MutableSpan<Int16>) throws(AudioCodecError) -> Int {
        try conceal(into: &pcm)
    }

    /// Encodes one frame into a new array (for tests and one-off use; the media path uses the span form).
    public func encode(_ pcm: [Int16]) throws(AudioCodecError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: descriptor.maximumPayloadSize)
        var written = 0
        var span = out.mutableSpan
        written = try encode(pcm.span, into: &span)
        out.removeSubrange(written...)
        return out
    }

    /// Decodes one payload into a new array holding up to `maximumSamples` samples.
    public func decode(_ payload: [UInt8], maximumSamples: Int) throws(AudioCodecError) -> [Int16] {
        var out = [Int16](repeating: 0, count: maximumSamples)
        var written = 0
        var span = out.mutableSpan
        written = try decode(payload.span, into: &span)
        out.removeSubrange(written...)
        return out
    }
}

/// What a codec is on the wire and at its PCM side.
public struct AudioCodecDescriptor: Sendable, Hashable {
    /// The RTP encoding name (`PCMU`, `PCMA`, `G722`, `opus`).
    public let encodingName: String
    /// The static RTP payload type (RFC 3551 §6), or nil for a dynamic one.
    public let staticPayloadType: UInt8?
    /// PCM samples per second per channel at the codec's PCM side.
    public let sampleRate: Int
    /// PCM channels (1 or 2).
    public let channels: Int
    /// The RTP timestamp rate: 8000 for G.722 (RFC 3551 §4.5.2) though it samples at 16 kHz,
    /// 48000 for Opus at any rate (RFC 7587 §4.1).
    public let rtpClockRate: Int
    /// The frame durations the encoder takes, in microseconds.
    public let frameDurations: [Int]
    /// An upper bound on the payload of one frame of the longest duration.
    public let maximumPayloadSize: Int

    /// PCM samples (all channels) in a frame of `microseconds`.
    public func samples(forMicroseconds microseconds: Int) -> Int {
        sampleRate * microseconds / 1_000_000 * channels
    }

    /// The RTP timestamp advance for a frame of `microseconds`.
    public func rtpTimestampIncrement(forMicroseconds microseconds: Int) -> Int {
        rtpClockRate * microseconds / 1_000_000
    }

    /// The frame duration in microseconds for `samples` PCM samples (all channels), or nil when
    /// that is not a duration the encoder takes.
    public func frameDuration(forSamples samples: Int) -> Int? {
        frameDurations.first { self.samples(forMicroseconds: $0) == samples }
    }
}

/// Why a codec call failed.
public enum AudioCodecError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The PCM frame is not one of the codec's frame sizes.
    case invalidFrameSize(samples: Int, codec: String)
    /// The caller's buffer cannot hold the result.
    case outputTooSmall(needed: Int, available: Int)
    /// A setting is out of range or not supported.
    case invalidConfiguration(String)
    /// The payload cannot be decoded.
    case invalidPayload(String)
    /// The C library returned an error code (kept as it was returned).
    case library(function: String, code: Int32, message: String)

    public var description: String {
        switch self {
        case .invalidFrameSize(let n, let codec): return "\(codec): \(n) samples is not a frame size"
        case .outputTooSmall(let needed, let available): return "output buffer too small: \(needed) needed, \(available) available"
        case .invalidConfiguration(let why): return "invalid codec configuration: \(why)"
        case .invalidPayload(let why): return "invalid payload: \(why)"
        case .library(let function, let code, let message): return "\(function) failed with \(code): \(message)"
        }
    }
}
