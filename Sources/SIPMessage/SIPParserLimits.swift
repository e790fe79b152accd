/// Bounds on what the parser accepts from a peer; going over one is a typed error.
public struct SIPParserLimits: Sendable, Hashable {
    /// Largest message, header section plus body (default 64 KiB).
    public var maxMessageSize: Int = 65_536
    /// Most header fields (lines after unfolding) in one message.
    public var maxHeaderCount: Int = 256
    /// Longest header line after unfolding, start line included.
    public var maxLineLength: Int = 8_192
    /// Most parameters on one URI or one header value.
    public var maxParameters: Int = 64
    /// Most comma-separated values in one header field.
    public var maxListValues: Int = 128

    /// The defaults stated on each property.
    public init() {}

    /// The defaults stated on each property.
    public static let `default` = SIPParserLimits()
}
