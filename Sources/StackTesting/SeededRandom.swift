import StackCore

/// A reproducible random source (SplitMix64): the same seed gives the same sequence on every machine.
/// For tests and simulations only; never for keys or tags on a real network.
public struct SeededRandom: RandomSource, RandomNumberGenerator {
    private var state: UInt64

    /// A generator from `seed`.
    public init(seed: UInt64) { state = seed }

    /// 64 random bits.
    public mutating func next64() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The same as `next64()`, for `RandomNumberGenerator` users (`Double.random(in:using:)`).
    public mutating func next() -> UInt64 { next64() }

    /// True with probability `p` (0…1).
    public mutating func chance(_ p: Double) -> Bool {
        p > 0 && Double(next64() >> 11) * 0x1p-53 < p
    }
}
