import StackCore

/// One header field line: its name, the spelling it had on the wire, and its (unfolded) value.
public struct SIPHeaderField: Sendable, Hashable {
    /// The resolved name.
    public var name: SIPHeaderName
    /// The name as written on the wire (a compact form stays compact here).
    public var wireName: ByteString
    /// The value with folds replaced by a single space and outer white space trimmed.
    public var value: ByteString

    /// A field; the wire spelling defaults to the canonical name.
    public init(name: SIPHeaderName, value: ByteString, wireName: ByteString? = nil) {
        self.name = name
        self.value = value
        self.wireName = wireName ?? ByteString(name.canonicalName)
    }

    /// Fields compare by name and value; the wire spelling is presentation only.
    public static func == (a: SIPHeaderField, b: SIPHeaderField) -> Bool {
        a.name == b.name && a.value == b.value
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(value)
    }
}

/// The header fields of a message in wire order, with lookup by name.
public struct SIPHeaders: Sendable, Hashable, RandomAccessCollection {
    var fields: [SIPHeaderField]

    /// An empty header list.
    public init() { fields = [] }

    init(fields: [SIPHeaderField]) { self.fields = fields }

    public var startIndex: Int { fields.startIndex }
    public var endIndex: Int { fields.endIndex }
    public subscript(position: Int) -> SIPHeaderField { fields[position] }

    /// The values of every field named `name`, in order (one per field line, not split at commas).
    public subscript(name: SIPHeaderName) -> [ByteString] {
        fields.compactMap { $0.name == name ? $0.value : nil }
    }

    /// The value of the first field named `name`.
    public func first(_ name: SIPHeaderName) -> ByteString? {
        fields.first { $0.name == name }?.value
    }

    /// True when at least one field is named `name`.
    public func contains(_ name: SIPHeaderName) -> Bool {
        fields.contains { $0.name == name }
    }

    /// How many field lines are named `name`.
    public func count(of name: SIPHeaderName) -> Int {
        fields.reduce(0) { $0 + ($1.name == name ? 1 : 0) }
    }

    /// The values of every field named `name`, split at list commas for list headers
    /// (RFC 3261 §7.3.1), trimmed.
    public func values(_ name: SIPHeaderName, limits: SIPParserLimits = .default) throws(SIPParseError) -> [ByteString] {
        var out: [ByteString] = []
        for f in fields where f.name == name {
            if name.isList {
                for part in try ListSplitter.split(f.value.bytes, header: name, limit: limits.maxListValues) {
                    out.append(ByteString(part))
                }
            } else {
                out.append(f.value)
            }
        }
        return out
    }

    mutating func append(_ field: SIPHeaderField) { fields.append(field) }
    mutating func insert(_ field: SIPHeaderField, at index: Int) { fields.insert(field, at: index) }
    mutating func removeAll(_ name: SIPHeaderName) { fields.removeAll { $0.name == name } }
}
