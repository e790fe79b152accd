/// An immutable run of bytes that shares storage with the buffer it was sliced from.
///
/// Parsers hand out `ByteString`s that point into the received datagram, so reading a header value
/// costs no copy. Equality and hashing compare the bytes, never their position in a buffer.
public struct ByteString: Sendable, Hashable, RandomAccessCollection, ExpressibleByStringLiteral,
    CustomStringConvertible, CustomDebugStringConvertible
{
    /// The bytes; indices are those of the buffer the string was sliced from.
    public let bytes: ArraySlice<UInt8>

    /// Wraps a slice without copying it.
    @inlinable public init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes }

    /// Copies a sequence of bytes.
    @inlinable public init(bytes: some Sequence<UInt8>) { self.bytes = ArraySlice(bytes) }

    /// The UTF-8 encoding of a string.
    @inlinable public init(_ string: String) { self.bytes = ArraySlice(string.utf8) }

    /// The UTF-8 encoding of a string literal.
    @inlinable public init(stringLiteral value: String) { self.init(value) }

    /// An empty byte string.
    public static let empty = ByteString(ArraySlice<UInt8>())

    @inlinable public var startIndex: Int { bytes.startIndex }
    @inlinable public var endIndex: Int { bytes.endIndex }
    @inlinable public subscript(position: Int) -> UInt8 { bytes[position] }
    @inlinable public subscript(bounds: Range<Int>) -> ByteString { ByteString(bytes[bounds]) }

    /// The bytes decoded as UTF-8, with invalid sequences replaced by U+FFFD.
    public var string: String { String(decoding: bytes, as: UTF8.self) }
    public var description: String { string }
    public var debugDescription: String { string.debugDescription }

    /// Compares with `other` ignoring ASCII case (as SIP does for tokens and host names).
    @inlinable public func equalsIgnoringCase(_ other: ByteString) -> Bool {
        ASCII.equalsIgnoringCase(bytes, other.bytes)
    }

    /// Compares with a string's UTF-8 bytes ignoring ASCII case.
    @inlinable public func equalsIgnoringCase(text other: String) -> Bool {
        guard bytes.count == other.utf8.count else { return false }
        return other.utf8.withContiguousStorageIfAvailable { ASCII.equalsIgnoringCase(bytes, $0) }
            ?? ASCII.equalsIgnoringCase(bytes, other.utf8)
    }

    /// The bytes with ASCII letters lowered.
    public func lowercased() -> ByteString {
        ByteString(bytes: bytes.map(ASCII.lower))
    }

    /// The value as an unsigned decimal number, or nil when it is empty, not all digits or over `limit`.
    @inlinable public func decimalValue(limit: UInt64 = UInt64(UInt32.max)) -> UInt64? {
        ASCII.parseDecimal(bytes, limit: limit)
    }
}
