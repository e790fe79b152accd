/// The one error type of the SDP module: what is wrong and on which line (1-based).
public struct SDPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem.
    public enum Kind: String, Sendable, Hashable {
        /// The description is over the size, line, media-section, format or attribute limit.
        case tooLarge
        /// A line is not `<type>=<value>`, or its type letter is unknown (RFC 8866 §5).
        case invalidLine
        /// A line appears where the grammar does not allow it (order, or a repeat of a single line).
        case misplacedLine
        /// A required line is missing (v=, o=, t=).
        case missingLine
        /// A line's value does not follow its grammar.
        case invalidValue
        /// The bytes are not UTF-8.
        case invalidEncoding
    }

    /// The kind.
    public var kind: Kind
    /// The 1-based line number (0 for the whole description).
    public var line: Int
    /// A short human-readable reason.
    public var reason: String

    /// An error from parts.
    public init(_ kind: Kind, line: Int, _ reason: String) {
        self.kind = kind
        self.line = line
        self.reason = reason
    }

    public var description: String { "\(kind.rawValue) at line \(line): \(reason)" }
}

/// What the parser accepted although the grammar forbids it (common real-world slips).
public struct SDPWarning: Sendable, Hashable, CustomStringConvertible {
    /// The kind of slip.
    public enum Kind: String, Sendable, Hashable {
        /// Lines end in LF alone rather than CRLF.
        case bareLineFeed
        /// A line ends in spaces or tabs (removed).
        case trailingWhiteSpace
        /// There is no `s=` line (RFC 8866 requires one; `-` is assumed).
        case missingSessionName
    }

    /// The kind.
    public var kind: Kind
    /// The first line it was seen on.
    public var line: Int

    /// A warning from parts.
    public init(_ kind: Kind, line: Int) {
        self.kind = kind
        self.line = line
    }

    public var description: String { "\(kind.rawValue) (line \(line))" }
}

/// Limits on what the parser accepts; past them it throws ``SDPError/Kind/tooLarge``.
public struct SDPLimits: Sendable, Hashable {
    /// The most bytes in a description.
    public var maxSize = 64 * 1024
    /// The most lines.
    public var maxLines = 2048
    /// The most m= sections.
    public var maxMediaSections = 32
    /// The most formats on one m= line.
    public var maxFormats = 128
    /// The most a= lines in one section (session or media).
    public var maxAttributes = 512

    /// The defaults.
    public init() {}
    /// The defaults.
    public static let `default` = SDPLimits()
}
