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
///
/// Parsed fields are offsets into the message's bytes (values that were unfolded or added later live
/// in a side buffer), so indexing a message costs no reference counting per field; `SIPHeaderField`
/// values are made when asked for.
public struct SIPHeaders: Sendable, Hashable, RandomAccessCollection {
    struct Entry: Sendable, Hashable {
        var code: UInt8
        var nameInExtra: Bool
        var valueInExtra: Bool
        var nameStart: Int32, nameEnd: Int32
        var valueStart: Int32, valueEnd: Int32
    }

    var base: ArraySlice<UInt8>
    var extra: [UInt8] = []
    var entries: [Entry] = []

    /// An empty header list.
    public init() { base = [] }

    init(base: ArraySlice<UInt8>) { self.base = base }

    /// Fields from values, in order.
    public init(fields: [SIPHeaderField]) {
        base = []
        for f in fields { append(f) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { entries.count }
    public subscript(position: Int) -> SIPHeaderField {
        let e = entries[position]
        let name = e.code != 0 ? SIPHeaderName(code: e.code) : SIPHeaderName.from(nameBytes(e))
        return SIPHeaderField(name: name, value: ByteString(valueBytes(e)), wireName: ByteString(nameBytes(e)))
    }

    /// The fields as values.
    public var fields: [SIPHeaderField] { Array(self) }

    func nameBytes(_ e: Entry) -> ArraySlice<UInt8> {
        e.nameInExtra ? extra[Int(e.nameStart)..<Int(e.nameEnd)]
            : base[(base.startIndex + Int(e.nameStart))..<(base.startIndex + Int(e.nameEnd))]
    }

    func valueBytes(_ e: Entry) -> ArraySlice<UInt8> {
        e.valueInExtra ? extra[Int(e.valueStart)..<Int(e.valueEnd)]
            : base[(base.startIndex + Int(e.valueStart))..<(base.startIndex + Int(e.valueEnd))]
    }

    func matches(_ e: Entry, _ name: SIPHeaderName) -> Bool {
        if name.code != 0 { return e.code == name.code }
        return e.code == 0 && ASCII.equalsIgnoringCase(nameBytes(e), name.extensionName.utf8)
    }

    /// The values of every field named `name`, in order (one per field line, not split at commas).
    public subscript(name: SIPHeaderName) -> [ByteString] {
        entries.compactMap { matches($0, name) ? ByteString(valueBytes($0)) : nil }
    }

    /// The value of the first field named `name`.
    public func first(_ name: SIPHeaderName) -> ByteString? {
        entries.first { matches($0, name) }.map { ByteString(valueBytes($0)) }
    }

    /// True when at least one field is named `name`.
    public func contains(_ name: SIPHeaderName) -> Bool { entries.contains { matches($0, name) } }

    /// How many field lines are named `name`.
    public func count(of name: SIPHeaderName) -> Int { entries.reduce(0) { $0 + (matches($1, name) ? 1 : 0) } }

    /// The values of every field named `name`, split at list commas for list headers
    /// (RFC 3261 §7.3.1), trimmed.
    public func values(_ name: SIPHeaderName, limits: SIPParserLimits = .default) throws(SIPParseError) -> [ByteString] {
        var out: [ByteString] = []
        for e in entries where matches(e, name) {
            if name.isList {
                try ListSplitter.forEach(valueBytes(e), header: name, limit: limits.maxListValues) { out.append(ByteString($0)) }
            } else {
                out.append(ByteString(valueBytes(e)))
            }
        }
        return out
    }

    /// Field-by-field equality (names and values), whatever the storage.
    public static func == (a: SIPHeaders, b: SIPHeaders) -> Bool { a.fields == b.fields }
    public func hash(into hasher: inout Hasher) { hasher.combine(fields) }

    // MARK: Building

    /// Appends a field, copying its bytes into the side buffer.
    mutating func append(_ field: SIPHeaderField) {
        let ns = Int32(extra.count)
        extra.append(contentsOf: field.wireName.bytes)
        let vs = Int32(extra.count)
        extra.append(contentsOf: field.value.bytes)
        entries.append(Entry(code: field.name.code, nameInExtra: true, valueInExtra: true,
                             nameStart: ns, nameEnd: vs, valueStart: vs, valueEnd: Int32(extra.count)))
    }

    /// Appends a parsed field whose name and value are offsets into `base` (messages are far below 2 GiB).
    mutating func appendParsed(code: UInt8, nameOffsets name: Range<Int>, valueOffsets value: Range<Int>) {
        entries.append(Entry(code: code, nameInExtra: false, valueInExtra: false,
                             nameStart: Int32(truncatingIfNeeded: name.lowerBound), nameEnd: Int32(truncatingIfNeeded: name.upperBound),
                             valueStart: Int32(truncatingIfNeeded: value.lowerBound), valueEnd: Int32(truncatingIfNeeded: value.upperBound)))
    }

    /// Appends a parsed field whose value was unfolded into new bytes.
    mutating func appendParsed(code: UInt8, nameOffsets name: Range<Int>, unfolded: [UInt8]) {
        let vs = Int32(extra.count)
        extra.append(contentsOf: unfolded)
        entries.append(Entry(code: code, nameInExtra: false, valueInExtra: true,
                             nameStart: Int32(truncatingIfNeeded: name.lowerBound), nameEnd: Int32(truncatingIfNeeded: name.upperBound),
                             valueStart: vs, valueEnd: Int32(extra.count)))
    }
}
