/// Appends protocol text and numbers to a growing byte buffer without going through `String`.
public struct ByteWriter: Sendable {
    @usableFromInline var storage: [UInt8]
    /// What has been written so far.
    public var bytes: [UInt8] { storage }

    /// Starts an empty buffer with room for `capacity` bytes.
    public init(capacity: Int = 512) {
        storage = []
        storage.reserveCapacity(capacity)
    }

    /// The number of bytes written.
    @inlinable public var count: Int { storage.count }

    /// Appends raw bytes.
    @inlinable public mutating func write(_ data: some Sequence<UInt8>) { storage.append(contentsOf: data) }

    /// Appends a byte string.
    @inlinable public mutating func write(_ data: ByteString) { storage.append(contentsOf: data.bytes) }

    /// Appends the UTF-8 bytes of a static string without allocating.
    @inlinable public mutating func write(literal text: StaticString) {
        text.withUTF8Buffer { storage.append(contentsOf: $0) }
    }

    /// Appends the UTF-8 bytes of a string.
    @inlinable public mutating func write(string text: String) { storage.append(contentsOf: text.utf8) }

    /// Appends one byte.
    @inlinable public mutating func write(byte: UInt8) { storage.append(byte) }

    /// Appends an integer in decimal.
    public mutating func write(decimal value: Int) {
        var magnitude = value.magnitude
        if value < 0 { storage.append(0x2D) }
        var divisor: UInt = 1
        while divisor <= magnitude / 10 { divisor *= 10 }
        while divisor > 0 {
            storage.append(UInt8(magnitude / divisor) + 0x30)
            magnitude %= divisor
            divisor /= 10
        }
    }

    /// Appends CR LF.
    @inlinable public mutating func writeCRLF() {
        storage.append(ASCII.cr)
        storage.append(ASCII.lf)
    }

    /// Hands the buffer over.
    public consuming func finish() -> [UInt8] { storage }
}
