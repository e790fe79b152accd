import Foundation

/// Deterministic test signals.
enum Signals {
    /// A voiced-speech-like signal: syllables about 150 ms long with pauses between them, a
    /// fundamental gliding between 110 and 170 Hz, harmonics falling at 6 dB per octave up to
    /// `rate`/2.2. (Codec VADs treat a steady tone as noise; this keeps SILK's VAD on speech.)
    static func voice(rate: Int, milliseconds: Int, channels: Int = 1) -> [Int16] {
        let n = rate * milliseconds / 1000
        var out = [Int16]()
        out.reserveCapacity(n * channels)
        var phase = 0.0
        for i in 0..<n {
            let t = Double(i) / Double(rate)
            let f0 = 140 + 30 * sin(2 * .pi * 2.7 * t)
            phase += 2 * .pi * f0 / Double(rate)
            var v = 0.0
            var h = 1
            while f0 * Double(h) < Double(rate) / 2.2, h <= 30 {
                v += sin(phase * Double(h)) / Double(h)
                h += 1
            }
            let syllable = sin(2 * .pi * 3.3 * t)
            let envelope = syllable > 0 ? syllable.squareRoot() : 0.02
            let s = Int16(clamping: Int(v * envelope * 7000))
            for _ in 0..<channels { out.append(s) }
        }
        return out
    }

    /// A pure tone.
    static func tone(_ hz: Double, rate: Int, milliseconds: Int, amplitude: Double = 8000) -> [Int16] {
        (0..<(rate * milliseconds / 1000)).map { Int16(amplitude * sin(2 * .pi * hz * Double($0) / Double(rate))) }
    }

    /// Signal-to-noise ratio in dB of `b` against `a`, after shifting `b` by the lag (0 to `maxLag`)
    /// that fits best (codecs delay their output).
    static func snr(_ a: [Int16], _ b: [Int16], maxLag: Int = 0) -> Double {
        var best = -Double.infinity
        for lag in 0...maxLag {
            let n = min(a.count, b.count - lag)
            guard n > 0 else { continue }
            var signal = 0.0, noise = 0.0
            for i in 0..<n {
                let x = Double(a[i]), y = Double(b[i + lag])
                signal += x * x
                noise += (x - y) * (x - y)
            }
            best = max(best, 10 * log10(signal / max(noise, 1e-9)))
        }
        return best
    }

    /// Root-mean-square level.
    static func rms(_ x: [Int16]) -> Double {
        guard !x.isEmpty else { return 0 }
        return (x.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(x.count)).squareRoot()
    }
}
