import StackCore

/// Holds the typed views by reference, so that copying a message copies one pointer, not them all.
final class HotHeadersBox: Sendable {
    let value: HotHeaders
    init(_ value: HotHeaders) { self.value = value }
}

/// The typed views parsed eagerly from every message, as libre and sipgo do for the headers that
/// routing, transactions and dialogs read (STYLE.md §4).
struct HotHeaders: Sendable, Hashable {
    var via: [SIPVia] = []
    var from: SIPNameAddress?
    var to: SIPNameAddress?
    var callID: ByteString?
    var cseq: SIPCSeq?
    var contacts: [SIPContact] = []
    var contactWildcard = false
    var hasContact = false
    /// Contact as a list or the wildcard; accumulated in `contacts` so that many Contact fields cost
    /// linear time.
    var contact: SIPContactList? {
        guard hasContact else { return nil }
        return contactWildcard ? .wildcard : .addresses(contacts)
    }
    var maxForwards: Int?
    var contentType: SIPContentType?
    var contentLength: Int?

    /// True for the codes of the headers parsed eagerly.
    static func isHot(_ code: UInt8) -> Bool {
        switch code {
        case HeaderCode.via, HeaderCode.from, HeaderCode.to, HeaderCode.callID, HeaderCode.cseq, HeaderCode.contact,
             HeaderCode.maxForwards, HeaderCode.contentType, HeaderCode.contentLength:
            return true
        default:
            return false
        }
    }

    /// Parses one field of a hot header; damage becomes a defect, the first value wins.
    mutating func absorb(code: UInt8, value: consuming ByteString, index: Int, limits: SIPParserLimits, defects: inout [SIPDefect]) {
        do {
            switch code {
            case HeaderCode.via:
                try ListSplitter.forEach(value.bytes, header: .via, limit: limits.maxListValues) { part throws(SIPParseError) in
                    via.append(try SIPVia(parsing: ByteString(part), header: .via, limits: limits))
                }
            case HeaderCode.from:
                let v = try SIPNameAddress(parsing: value, header: .from, limits: limits)
                if from == nil { from = v }
            case HeaderCode.to:
                let v = try SIPNameAddress(parsing: value, header: .to, limits: limits)
                if to == nil { to = v }
            case HeaderCode.callID:
                try Self.checkCallID(value)
                if callID == nil { callID = value }
            case HeaderCode.cseq:
                let v = try SIPCSeq(parsing: value, header: .cseq, limits: limits)
                if cseq == nil { cseq = v }
            case HeaderCode.contact:
                try absorbContact(value, limits: limits)
            case HeaderCode.maxForwards:
                let v = try Scanner.scan(value.bytes, header: .maxForwards) { (s) throws(SIPParseError) in
                    let v = Int(try s.number(limit: 255, "Max-Forwards"))
                    try s.expectEnd()
                    return v
                }
                if maxForwards == nil { maxForwards = v }
            case HeaderCode.contentType:
                let v = try SIPContentType(parsing: value, header: .contentType, limits: limits)
                if contentType == nil { contentType = v }
            case HeaderCode.contentLength:
                if let n = value.decimalValue(limit: UInt64(Int32.max)), contentLength == nil { contentLength = Int(n) }
            default:
                return
            }
        } catch {
            defects.append(SIPDefect(location: .header(SIPHeaderName(code: code), index: index), error: error))
        }
    }

    private mutating func absorbContact(_ value: ByteString, limits: SIPParserLimits) throws(SIPParseError) {
        if ListSplitter.trim(value.bytes).elementsEqual([0x2A]) {
            if !hasContact { contactWildcard = true }
            hasContact = true
            return
        }
        // A damaged field contributes none of its values (the defect names it).
        let before = contacts.count
        do {
            try ListSplitter.forEach(value.bytes, header: .contact, limit: limits.maxListValues) { part throws(SIPParseError) in
                contacts.append(try SIPContact(parsing: ByteString(part), header: .contact, limits: limits))
            }
        } catch {
            contacts.removeSubrange(before...)
            throw error
        }
        hasContact = true
    }

    /// callid = word [ "@" word ] (RFC 3261 §25.1).
    static func checkCallID(_ v: ByteString) throws(SIPParseError) {
        var ats = 0
        for i in v.indices {
            let c = v[i]
            if c == 0x40 { ats += 1; if ats == 1, i != v.startIndex, i != v.endIndex - 1 { continue } }
            guard Grammar.isWord(c) else {
                throw SIPParseError(.invalidHeaderValue, at: i, header: .callID, "invalid character in Call-ID")
            }
        }
        guard !v.isEmpty else { throw SIPParseError(.invalidHeaderValue, at: v.startIndex, header: .callID, "empty Call-ID") }
    }
}

extension SIPMessage {
    /// Every Via value, top first.
    public var via: [SIPVia] { hot.via }
    /// The topmost Via.
    public var topVia: SIPVia? { hot.via.first }
    /// The From address.
    public var from: SIPNameAddress? { hot.from }
    /// The To address.
    public var to: SIPNameAddress? { hot.to }
    /// The Call-ID.
    public var callID: ByteString? { hot.callID }
    /// The CSeq.
    public var cseq: SIPCSeq? { hot.cseq }
    /// The Contact header: wildcard or addresses.
    public var contact: SIPContactList? { hot.contact }
    /// Max-Forwards (0 to 255).
    public var maxForwards: Int? { hot.maxForwards }
    /// Content-Type.
    public var contentType: SIPContentType? { hot.contentType }
    /// The Content-Length written in the message, if any (the serializer writes the body's size).
    public var declaredContentLength: Int? { hot.contentLength }
}
