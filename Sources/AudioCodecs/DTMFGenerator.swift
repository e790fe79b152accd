import CSpanDSP

/// In-band DTMF tones at 8 kHz through spandsp's generator: queue digits, then pull PCM frames that
/// carry them (each digit a tone pair for the on time, then silence for the off time).
///
/// The queue holds at most ``capacity`` digits; ``enqueue(_:)`` takes what fits and says how many.
/// For 16 or 48 kHz streams, resample the output (``Resampler``). Not `Sendable`: one media loop owns it.
public final class DTMFGenerator {
    /// The sample rate of the generated PCM.
    public static let sampleRate = 8000
    /// The most digits waiting at once (spandsp's own queue size).
    public static let capacity = Int(MAX_DTMF_DIGITS)

    private let state: OpaquePointer

    /// A generator whose low-group tone is at `level` dBm0, with the high group `twist` dB above it,
    /// tones lasting `onMilliseconds` and pauses `offMilliseconds`. The defaults (−10 dBm0, 2 dB,
    /// 100/100 ms) sit well inside Q.24's acceptance limits.
    public init(level: Int = -10, twist: Int = 2, onMilliseconds: Int = 100, offMilliseconds: Int = 100) throws(AudioCodecError) {
        guard (-50 ... -3).contains(level) else { throw .invalidConfiguration("DTMF level \(level) dBm0 is outside -50...-3") }
        guard (0...8).contains(twist) else { throw .invalidConfiguration("DTMF twist \(twist) dB is outside 0...8") }
        // Q.24 asks for at least 40 ms of tone and of pause; more than 10 s is not a digit.
        guard (40...10_000).contains(onMilliseconds), (40...10_000).contains(offMilliseconds) else {
            throw .invalidConfiguration("DTMF timing \(onMilliseconds)/\(offMilliseconds) ms is outside 40...10000")
        }
        guard let state = dtmf_tx_init(nil) else {
            throw .library(function: "dtmf_tx_init", code: -1, message: "could not allocate the generator")
        }
        self.state = state
        dtmf_tx_set_level(state, Int32(level), Int32(twist))
        dtmf_tx_set_timing(state, Int32(onMilliseconds), Int32(offMilliseconds))
    }

    deinit { dtmf_tx_free(state) }

    /// Queues `digits` behind any still waiting; returns how many fit (the rest are not queued).
    @discardableResult
    public func enqueue(_ digits: [DTMFDigit]) -> Int {
        guard !digits.isEmpty else { return 0 }
        let text = Array(String(digits.map(\.character)).utf8).map { CChar(bitPattern: $0) }
        let state = state
        func put(_ count: Int) -> Int32 {
            text.withUnsafeBufferPointer { dtmf_tx_put(state, $0.baseAddress, Int32(count)) }
        }
        // spandsp queues all or nothing, returning how many did not fit; then queue what does.
        let missing = Int(put(text.count))
        guard missing > 0 else { return missing == 0 ? text.count : 0 }
        let space = text.count - missing
        return space > 0 && put(space) == 0 ? space : 0
    }

    /// Fills `pcm` with the tones still due and returns how many samples carry them; the rest of
    /// `pcm` is set to silence. 0 means nothing was queued or being played.
    public func generate(into pcm: inout MutableSpan<Int16>) -> Int {
        let state = state
        let count = Int32(pcm.count)
        return pcm.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            let made = Int(dtmf_tx(state, base, count))
            if made < buffer.count { (buffer.baseAddress! + made).update(repeating: 0, count: buffer.count - made) }
            return made
        }
    }

    /// Drops queued digits and any tone being played.
    public func reset() {
        dtmf_tx_init(state)
    }
}
