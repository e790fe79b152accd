import AudioCodecs
import Foundation
import Testing

/// Measures the resampler the way a filter is specified: tone by tone, the gain in the pass band and
/// what leaks through in the stop band.
@Suite struct ResamplerTests {
    struct Pair: Sendable, CustomTestStringConvertible {
        let from: Int, to: Int
        var testDescription: String { "\(from)→\(to)" }
    }

    static let pairs = [Pair(from: 8000, to: 16000), Pair(from: 16000, to: 8000), Pair(from: 8000, to: 48000),
                        Pair(from: 48000, to: 8000), Pair(from: 16000, to: 48000), Pair(from: 48000, to: 16000)]
    static let amplitude = 10000.0

    /// Resamples 300 ms of a tone at `hz` in 20 ms frames; returns the output after the filter has
    /// filled (the first 100 ms dropped) and the output rate.
    static func resampleTone(_ hz: Double, _ pair: Pair) throws -> [Double] {
        let resampler = try Resampler(from: pair.from, to: pair.to)
        let frame = pair.from / 50
        var out: [Double] = []
        var buffer = [Int16](repeating: 0, count: pair.to / 50)
        for f in 0..<15 {
            let input = (0..<frame).map { i in
                Int16((amplitude * sin(2 * .pi * hz * Double(f * frame + i) / Double(pair.from))).rounded())
            }
            var span = buffer.mutableSpan
            let n = try resampler.process(input.span, into: &span)
            #expect(n == pair.to / 50)
            out += buffer[0..<n].map(Double.init)
        }
        return Array(out.dropFirst(pair.to / 10))
    }

    /// The least-squares amplitude of a tone at `hz` in `y`, and the RMS of what is left.
    static func fit(_ y: [Double], hz: Double, rate: Int) -> (amplitude: Double, residualRMS: Double) {
        var ss = 0.0, cc = 0.0, sc = 0.0, ys = 0.0, yc = 0.0
        let w = 2 * Double.pi * hz / Double(rate)
        for (n, v) in y.enumerated() {
            let s = sin(w * Double(n)), c = cos(w * Double(n))
            ss += s * s; cc += c * c; sc += s * c; ys += v * s; yc += v * c
        }
        let det = ss * cc - sc * sc
        let a = (ys * cc - yc * sc) / det, b = (yc * ss - ys * sc) / det
        var residual = 0.0
        for (n, v) in y.enumerated() {
            let e = v - a * sin(w * Double(n)) - b * cos(w * Double(n))
            residual += e * e
        }
        return ((a * a + b * b).squareRoot(), (residual / Double(y.count)).squareRoot())
    }

    static func dB(_ ratio: Double) -> Double { 20 * log10(max(ratio, 1e-12)) }

    /// Pass band: from 100 Hz to 0.45 × the lower rate the gain stays within 0.1 dB (peak to peak).
    @Test(arguments: pairs)
    func passBandRippleIsUnderATenthOfADecibel(pair: Pair) throws {
        let low = Double(min(pair.from, pair.to))
        var gains: [Double] = []
        for hz in stride(from: 100.0, through: 0.45 * low, by: 0.45 * low / 23) {
            let y = try Self.resampleTone(hz, pair)
            gains.append(Self.dB(Self.fit(y, hz: hz, rate: pair.to).amplitude / Self.amplitude))
        }
        let ripple = gains.max()! - gains.min()!
        #expect(ripple < 0.1, "ripple \(ripple) dB over \(gains)")
        #expect(gains.allSatisfy { abs($0) < 0.1 })
    }

    /// Stop band, downsampling: tones from 0.5 × the output rate up to the input's Nyquist frequency
    /// come out (aliased) at least 60 dB down.
    @Test(arguments: pairs.filter { $0.to < $0.from })
    func aliasesAreAtLeast60DecibelsDown(pair: Pair) throws {
        let start = 0.5 * Double(pair.to), stop = 0.5 * Double(pair.from)
        var worst = -Double.infinity
        for hz in stride(from: start, to: stop, by: (stop - start) / 29) {
            let y = try Self.resampleTone(hz, pair)
            let rms = (y.reduce(0) { $0 + $1 * $1 } / Double(y.count)).squareRoot()
            worst = max(worst, Self.dB(rms * 2.squareRoot() / Self.amplitude))
        }
        #expect(worst <= -60, "worst alias \(worst) dB")
    }

    /// Stop band, upsampling: for tones across the input's band, everything in the output but the
    /// tone itself (the images above the input's Nyquist frequency) is at least 60 dB down.
    @Test(arguments: pairs.filter { $0.to > $0.from })
    func imagesAreAtLeast60DecibelsDown(pair: Pair) throws {
        let low = Double(pair.from)
        var worst = -Double.infinity
        for hz in stride(from: 100.0, through: 0.45 * low, by: 0.45 * low / 17) {
            let y = try Self.resampleTone(hz, pair)
            let fit = Self.fit(y, hz: hz, rate: pair.to)
            worst = max(worst, Self.dB(fit.residualRMS * 2.squareRoot() / Self.amplitude))
        }
        #expect(worst <= -60, "worst image \(worst) dB")
    }

    @Test func framesStayExactAndTheOutputIsContinuous() throws {
        let resampler = try Resampler(from: 16000, to: 48000)
        #expect(resampler.outputCount(forInput: 320) == 960)
        let whole = Signals.voice(rate: 16000, milliseconds: 200)
        var chunked: [Int16] = []
        var buffer = [Int16](repeating: 0, count: 9600)
        // Odd-sized pieces give the same samples as one call.
        var start = 0
        for size in [1, 7, 313, 320, 999, 1] where start < whole.count {
            let piece = Array(whole[start..<min(whole.count, start + size)])
            start += piece.count
            var span = buffer.mutableSpan
            let n = try resampler.process(piece.span, into: &span)
            chunked += buffer[0..<n]
        }
        let rest = Array(whole[start...])
        var span = buffer.mutableSpan
        chunked += buffer[0..<(try resampler.process(rest.span, into: &span))]
        let once = try Resampler(from: 16000, to: 48000)
        var all = [Int16](repeating: 0, count: 9600)
        var allSpan = all.mutableSpan
        #expect(try once.process(whole.span, into: &allSpan) == 9600)
        #expect(chunked == all)
    }

    @Test func badInputIsATypedError() throws {
        #expect(throws: AudioCodecError.self) { try Resampler(from: 44100, to: 8000) }
        let r = try Resampler(from: 8000, to: 16000)
        var small = [Int16](repeating: 0, count: 100)
        var span = small.mutableSpan
        let frame = [Int16](repeating: 0, count: 160)
        #expect(throws: AudioCodecError.outputTooSmall(needed: 320, available: 100)) { try r.process(frame.span, into: &span) }
        let huge = [Int16](repeating: 0, count: Resampler.maximumInputCount + 1)
        var big = [Int16](repeating: 0, count: 200_000)
        var bigSpan = big.mutableSpan
        #expect(throws: AudioCodecError.self) { try r.process(huge.span, into: &bigSpan) }
    }
}
