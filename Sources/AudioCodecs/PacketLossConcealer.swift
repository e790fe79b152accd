import CSpanDSP

/// spandsp's waveform-substitution concealment (the G.711 Appendix I method): it keeps the recent
/// history of decoded audio and, for a lost frame, repeats the last pitch period with an overlap-add
/// and a fade that reaches silence after 50 ms of continuous loss.
final class PacketLossConcealer {
    private let state: UnsafeMutablePointer<plc_state_t>

    init() throws(AudioCodecError) {
        guard let state = plc_init(nil) else {
            throw .library(function: "plc_init", code: -1, message: "could not allocate the concealment state")
        }
        self.state = state
    }

    deinit { plc_free(state) }

    /// Records the first `count` decoded samples of `pcm` (and smooths the join after a concealed
    /// stretch, changing them in place).
    func received(_ pcm: inout MutableSpan<Int16>, count: Int) {
        precondition(count <= pcm.count)
        let count = Int32(count)
        pcm.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            _ = plc_rx(state, base, count)
        }
    }

    /// Fills all of `pcm` with synthesised audio for a lost stretch.
    func fillIn(_ pcm: inout MutableSpan<Int16>) {
        let count = Int32(pcm.count)
        pcm.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            _ = plc_fillin(state, base, count)
        }
    }
}
