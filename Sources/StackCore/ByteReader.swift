/// A forward cursor over bytes for binary and text protocols; every read checks its bounds.
public struct ByteReader: Sendable {
    /// The bytes being read.
    public let bytes: ArraySlice<UInt8>
    /// The index of the next byte to read.
    public private(set) var position: Int

    /// Starts reading at the first byte.
    public init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.position = bytes.startIndex
    }

    /// Starts reading at the first byte of an array.
    public init(_ bytes: [UInt8]) { self.init(bytes[...]) }

    /// How many bytes are left.
    @inlinable public var remaining: Int { bytes.endIndex - position }
    /// True when everything has been read.
    @inlinable public var isAtEnd: Bool { position >= bytes.endIndex }
    /// The offset of the cursor from the start of the bytes.
    @inlinable public var offset: Int { position - bytes.startIndex }

    /// The next byte without consuming it.
    @inlinable public func peek() -> UInt8? { position < bytes.endIndex ? bytes[position] : nil }

    /// Consumes one byte.
    public mutating func readByte() -> UInt8? {
        guard position < bytes.endIndex else { return nil }
        defer { position += 1 }
        return bytes[position]
    }

    /// Consumes `count` bytes, or returns nil (consuming nothing) when fewer remain.
    public mutating func readBytes(_ count: Int) -> ArraySlice<UInt8>? {
        guard count >= 0, remaining >= count else { return nil }
        defer { position += count }
        return bytes[position..<position + count]
    }

    /// Consumes a big-endian 16-bit integer.
    public mutating func readUInt16() -> UInt16? {
        guard let b = readBytes(2) else { return nil }
        return UInt16(b[b.startIndex]) << 8 | UInt16(b[b.startIndex + 1])
    }

    /// Consumes a big-endian 32-bit integer.
    public mutating func readUInt32() -> UInt32? {
        guard let b = readBytes(4) else { return nil }
        return b.reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// Consumes bytes while `predicate` holds and returns them.
    public mutating func read(while predicate: (UInt8) -> Bool) -> ArraySlice<UInt8> {
        let start = position
        while position < bytes.endIndex, predicate(bytes[position]) { position += 1 }
        return bytes[start..<position]
    }

    /// Consumes `byte` if it is next.
    public mutating func consume(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        position += 1
        return true
    }

    /// Skips `count` bytes; false (and no move) when fewer remain.
    public mutating func skip(_ count: Int) -> Bool {
        guard count >= 0, remaining >= count else { return false }
        position += count
        return true
    }
}
