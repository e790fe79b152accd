/// A source of random bits, injected wherever the stack draws tags, branches, Call-IDs or SSRCs,
/// so that tests are reproducible.
public protocol RandomSource: Sendable {
    /// 64 random bits.
    mutating func next64() -> UInt64
}

extension RandomSource {
    /// A uniformly drawn integer in `range` (no modulo bias).
    public mutating func integer(in range: ClosedRange<UInt64>) -> UInt64 {
        let span = range.upperBound &- range.lowerBound
        if span == .max { return next64() }
        let bound = span + 1
        let limit = UInt64.max - UInt64.max % bound
        var x = next64()
        while x >= limit { x = next64() }
        return range.lowerBound + x % bound
    }

    /// `count` characters from the alphanumeric alphabet, for tags, branches and Call-IDs.
    public mutating func token(count: Int) -> String {
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
        var out = [UInt8]()
        out.reserveCapacity(count)
        for _ in 0..<max(0, count) {
            out.append(alphabet[Int(integer(in: 0...UInt64(alphabet.count - 1)))])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The operating system's cryptographically secure generator.
public struct SystemRandomSource: RandomSource {
    private var generator = SystemRandomNumberGenerator()
    public init() {}
    public mutating func next64() -> UInt64 { generator.next() }
}
