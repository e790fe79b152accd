import CSpanDSP

/// G.722 at 64 kbit/s (payload type 9) through spandsp: 16 kHz mono PCM, an 8000 Hz RTP clock
/// (RFC 3551 §4.5.2), with spandsp's concealment applied to the 16 kHz output for lost frames.
public final class G722Codec: AudioCodec {
    public let descriptor = AudioCodecDescriptor(
        encodingName: "G722", staticPayloadType: 9, sampleRate: 16000, channels: 1, rtpClockRate: 8000,
        frameDurations: [10_000, 20_000, 30_000, 40_000, 50_000, 60_000], maximumPayloadSize: 480)
    private var encoder: OpaquePointer
    private var decoder: OpaquePointer
    private var concealer: PacketLossConcealer

    /// A 64 kbit/s codec.
    public init() throws(AudioCodecError) {
        // The concealer first: if the states then fail, it is freed by its own deinit, and
        // makeStates frees what it made.
        concealer = try PacketLossConcealer()
        (encoder, decoder) = try Self.makeStates()
    }

    deinit {
        g722_encode_free(encoder)
        g722_decode_free(decoder)
    }

    private static func makeStates() throws(AudioCodecError) -> (OpaquePointer, OpaquePointer) {
        guard let encoder = g722_encode_init(nil, 64000, 0) else {
            throw .library(function: "g722_encode_init", code: -1, message: "could not allocate the encoder")
        }
        guard let decoder = g722_decode_init(nil, 64000, 0) else {
            g722_encode_free(encoder)
            throw .library(function: "g722_decode_init", code: -1, message: "could not allocate the decoder")
        }
        return (encoder, decoder)
    }

    public func encode(_ pcm: Span<Int16>, into payload: inout MutableSpan<UInt8>) throws(AudioCodecError) -> Int {
        guard descriptor.frameDuration(forSamples: pcm.count) != nil else {
            throw .invalidFrameSize(samples: pcm.count, codec: descriptor.encodingName)
        }
        // Two samples make one byte at 64 kbit/s.
        let needed = pcm.count / 2
        guard payload.count >= needed else { throw .outputTooSmall(needed: needed, available: payload.count) }
        let encoder = encoder
        let written = pcm.withUnsafeBufferPointer { input in
            payload.withUnsafeMutableBufferPointer { output in
                g722_encode(encoder, output.baseAddress, input.baseAddress, Int32(input.count))
            }
        }
        return Int(written)
    }

    public func decode(_ payload: Span<UInt8>, into pcm: inout MutableSpan<Int16>) throws(AudioCodecError) -> Int {
        let needed = payload.count * 2
        guard pcm.count >= needed else { throw .outputTooSmall(needed: needed, available: pcm.count) }
        let decoder = decoder
        let written = payload.withUnsafeBufferPointer { input in
            pcm.withUnsafeMutableBufferPointer { output in
                g722_decode(decoder, output.baseAddress, input.baseAddress, Int32(input.count))
            }
        }
        concealer.received(&pcm, count: Int(written))
        return Int(written)
    }

    public func conceal(into pcm: inout MutableSpan<Int16>) throws(AudioCodecError) -> Int {
        concealer.fillIn(&pcm)
        return pcm.count
    }

    public func reset() {
        guard let (encoder, decoder) = try? Self.makeStates(), let concealer = try? PacketLossConcealer() else { return }
        g722_encode_free(self.encoder)
        g722_decode_free(self.decoder)
        self.encoder = encoder
        self.decoder = decoder
        self.concealer = concealer
    }
}
