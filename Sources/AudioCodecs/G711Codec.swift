/// G.711 µ-law (PCMU, payload type 0) or A-law (PCMA, payload type 8) at 8 kHz mono, with spandsp's
/// concealment for lost frames (RFC 3551 §4.5.14).
public final class G711Codec: AudioCodec {
    public let law: G711
    public let descriptor: AudioCodecDescriptor
    private var concealer: PacketLossConcealer

    /// A codec for `law`.
    public init(_ law: G711) throws(AudioCodecError) {
        self.law = law
        descriptor = AudioCodecDescriptor(
            encodingName: law == .muLaw ? "PCMU" : "PCMA", staticPayloadType: law == .muLaw ? 0 : 8,
            sampleRate: 8000, channels: 1, rtpClockRate: 8000,
            frameDurations: [10_000, 20_000, 30_000, 40_000, 50_000, 60_000], maximumPayloadSize: 480)
        concealer = try PacketLossConcealer()
    }

    public func encode(_ pcm: Span<Int16>, into payload: inout MutableSpan<UInt8>) throws(AudioCodecError) -> Int {
        guard descriptor.frameDuration(forSamples: pcm.count) != nil else {
            throw .invalidFrameSize(samples: pcm.count, codec: descriptor.encodingName)
        }
        guard payload.count >= pcm.count else { throw .outputTooSmall(needed: pcm.count, available: payload.count) }
        law.encode(pcm, into: &payload)
        return pcm.count
    }

    public func decode(_ payload: Span<UInt8>, into pcm: inout MutableSpan<Int16>) throws(AudioCodecError) -> Int {
        guard pcm.count >= payload.count else { throw .outputTooSmall(needed: payload.count, available: pcm.count) }
        law.decode(payload, into: &pcm)
        concealer.received(&pcm, count: payload.count)
        return payload.count
    }

    public func conceal(into pcm: inout MutableSpan<Int16>) throws(AudioCodecError) -> Int {
        concealer.fillIn(&pcm)
        return pcm.count
    }

    public func reset() {
        if let fresh = try? PacketLossConcealer() { concealer = fresh }
    }
}
