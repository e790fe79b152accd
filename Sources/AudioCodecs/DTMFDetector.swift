import CSpanDSP

/// In-band DTMF detection at 8 kHz through spandsp's Goertzel detector (Q.24 limits: 40 ms minimum
/// tone, twist up to 8 dB, reverse twist up to 4 dB), for audio that arrives decoded from G.711 or
/// any other codec.
///
/// Feed decoded frames to ``process(_:)`` and collect digits with ``takeDigits()``. Up to
/// ``capacity`` digits wait between calls; later ones are dropped until they are taken. Not
/// `Sendable`: one media loop owns it.
public final class DTMFDetector {
    /// The sample rate the detector expects.
    public static let sampleRate = 8000
    /// The most detected digits kept until taken.
    public static let capacity = Int(MAX_DTMF_DIGITS)

    private let state: OpaquePointer
    /// Where `dtmf_rx_get` writes, kept so that polling every frame allocates nothing.
    private var digitBuffer = [CChar](repeating: 0, count: DTMFDetector.capacity + 1)

    /// A detector; `filterDialTone` adds a notch for 350/440 Hz dial tone, `threshold` is the
    /// weakest tone accepted in dBm0 (spandsp's default −26).
    public init(filterDialTone: Bool = false, threshold: Int = -26) throws(AudioCodecError) {
        guard (-60 ... -3).contains(threshold) else { throw .invalidConfiguration("DTMF threshold \(threshold) dBm0 is outside -60...-3") }
        guard let state = dtmf_rx_init(nil, nil, nil) else {
            throw .library(function: "dtmf_rx_init", code: -1, message: "could not allocate the detector")
        }
        self.state = state
        // Twist limits left at spandsp's (8 dB normal, 4 dB reverse).
        dtmf_rx_parms(state, filterDialTone ? 1 : 0, -1, -1, Int32(threshold))
    }

    deinit { dtmf_rx_free(state) }

    /// Runs the detector over decoded 8 kHz samples.
    public func process(_ pcm: Span<Int16>) {
        let state = state
        pcm.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            _ = dtmf_rx(state, base, Int32(buffer.count))
        }
    }

    /// Tells the detector that `samples` were lost, so its timing stays right without treating the
    /// gap as silence.
    public func skip(samples: Int) {
        _ = dtmf_rx_fillin(state, Int32(clamping: samples))
    }

    /// The digit being heard at the end of the last frame, if one is confirmed.
    public var currentDigit: DTMFDigit? {
        let status = dtmf_rx_status(state)
        guard status > 0, status != Int32(UInt8(ascii: "x")), let scalar = Unicode.Scalar(UInt32(status)) else { return nil }
        return DTMFDigit(Character(scalar))
    }

    /// The digits completed since the last call, oldest first.
    public func takeDigits() -> [DTMFDigit] {
        let state = state
        let n = digitBuffer.withUnsafeMutableBufferPointer { dtmf_rx_get(state, $0.baseAddress!, Int32(Self.capacity)) }
        guard n > 0 else { return [] }
        return digitBuffer[0..<n].compactMap { DTMFDigit(Character(Unicode.Scalar(UInt8(bitPattern: $0)))) }
    }
}
