import StackCore

/// A header field name: compared case-insensitively, resolving compact forms (RFC 3261 §7.3.3).
///
/// Known names carry a small code so that lookups compare integers; extension names keep their
/// spelling and compare ignoring ASCII case.
public struct SIPHeaderName: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    @usableFromInline let code: UInt8
    /// The spelling of an extension header (empty for known ones, whose name comes from the table).
    let extensionName: String

    /// The canonical long spelling for a known header, or the spelling given for an extension.
    public var canonicalName: String { code == 0 ? extensionName : KnownHeaders.table[Int(code)].name }

    init(code: UInt8) {
        self.code = code
        self.extensionName = ""
    }

    /// A name from text: a compact form or any spelling of a known name resolves to that header.
    public init(_ name: String) {
        if let known = KnownHeaders.lookup(ArraySlice(name.utf8)) {
            self = known
        } else {
            code = 0
            extensionName = name
        }
    }

    public init(stringLiteral value: String) { self.init(value) }

    /// Resolves wire bytes; known names allocate nothing.
    static func from(_ bytes: ArraySlice<UInt8>) -> SIPHeaderName {
        KnownHeaders.lookup(bytes) ?? SIPHeaderName(extension: bytes)
    }

    private init(extension bytes: ArraySlice<UInt8>) {
        code = 0
        extensionName = String(decoding: bytes, as: UTF8.self)
    }

    /// True for a header this stack knows by name.
    public var isKnown: Bool { code != 0 }

    /// The one-letter compact form, if the header has one.
    public var compactForm: Character? {
        guard let c = KnownHeaders.table[Int(code)].compact else { return nil }
        return Character(Unicode.Scalar(c))
    }

    /// True when the header's grammar is a comma-separated list, so values may be split or combined
    /// (RFC 3261 §7.3.1).
    public var isList: Bool { KnownHeaders.table[Int(code)].isList }

    /// True when a request may carry at most one value of this header.
    public var isSingleValued: Bool { KnownHeaders.table[Int(code)].single }

    public var description: String { canonicalName }

    public static func == (a: SIPHeaderName, b: SIPHeaderName) -> Bool {
        if a.code != b.code { return false }
        if a.code != 0 { return true }
        return ASCII.equalsIgnoringCase(a.extensionName.utf8, b.extensionName.utf8)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        if code == 0 { for c in extensionName.utf8 { hasher.combine(ASCII.lower(c)) } }
    }
}
