import StackCore

/// An RTCP source description (RFC 3550 §6.5): for each source, a list of items such as its CNAME.
public struct SourceDescription: Sendable, Hashable {
    /// One item (§6.5.1–§6.5.8).
    public struct Item: Sendable, Hashable {
        /// The item type: 1 CNAME, 2 NAME, 3 EMAIL, 4 PHONE, 5 LOC, 6 TOOL, 7 NOTE, 8 PRIV.
        public var type: UInt8
        /// The UTF-8 text, at most 255 bytes.
        public var text: ArraySlice<UInt8>

        /// The canonical name type.
        public static let cname: UInt8 = 1

        /// An item from parts.
        public init(type: UInt8, text: ArraySlice<UInt8>) {
            self.type = type
            self.text = text
        }

        /// An item from a string.
        public init(type: UInt8, _ text: String) { self.init(type: type, text: Array(text.utf8)[...]) }
    }

    /// The items about one source.
    public struct Chunk: Sendable, Hashable {
        /// The source described.
        public var ssrc: SSRC
        /// Its items, in order.
        public var items: [Item]

        /// A chunk from parts.
        public init(ssrc: SSRC, items: [Item]) {
            self.ssrc = ssrc
            self.items = items
        }

        /// The CNAME, when the chunk has one.
        public var cname: String? { items.first { $0.type == Item.cname }.map { String(decoding: $0.text, as: UTF8.self) } }

        /// Size on the wire: SSRC, items, the terminating null and padding to a word.
        var size: Int { (4 + items.reduce(0) { $0 + 2 + $1.text.count } + 1 + 3) / 4 * 4 }
    }

    /// The chunks, at most 31.
    public var chunks: [Chunk]

    /// A description from chunks.
    public init(chunks: [Chunk]) { self.chunks = chunks }

    /// A description with one CNAME.
    public init(ssrc: SSRC, cname: String) { chunks = [Chunk(ssrc: ssrc, items: [Item(type: Item.cname, cname)])] }

    init(_ body: RTCPBody) throws(RTCPError) {
        var i = body.bytes.startIndex
        chunks = []
        chunks.reserveCapacity(body.count)
        for _ in 0..<body.count { chunks.append(try Self.chunk(body, at: &i)) }
        guard i == body.bytes.endIndex else { throw RTCPError(.invalidLength, at: body.offset(i)) }
    }

    /// Reads one chunk (§6.5): SSRC, items until a null octet, then nulls to the next word boundary.
    private static func chunk(_ body: RTCPBody, at i: inout Int) throws(RTCPError) -> Chunk {
        let b = body.bytes, start = i
        try body.need(4, at: i)
        var chunk = Chunk(ssrc: SSRC(b.be32(i)), items: [])
        i += 4
        while true {
            guard i < b.endIndex else { throw RTCPError(.invalidItem, at: body.offset(i)) }
            let type = b[i]
            if type == 0 { break }
            guard b.endIndex - i >= 2, b.endIndex - i - 2 >= Int(b[i + 1]) else { throw RTCPError(.invalidItem, at: body.offset(i)) }
            let length = Int(b[i + 1])
            chunk.items.append(Item(type: type, text: b[(i + 2)..<(i + 2 + length)]))
            i += 2 + length
        }
        // The null that ended the list, then nulls up to the word boundary (counted from the body's start).
        i += 1
        let aligned = start + (i - start + 3) / 4 * 4
        guard aligned <= b.endIndex else { throw RTCPError(.invalidItem, at: body.offset(b.endIndex)) }
        guard b[i..<aligned].allSatisfy({ $0 == 0 }) else { throw RTCPError(.invalidItem, at: body.offset(i)) }
        i = aligned
        return chunk
    }

    func write(_ w: inout ByteWriter) throws(RTCPError) {
        guard chunks.allSatisfy({ $0.items.allSatisfy { $0.text.count <= 255 && $0.type != 0 } }) else {
            throw RTCPError(.doesNotFit, at: w.count)
        }
        try writeRTCPHeader(&w, type: .sourceDescription, count: chunks.count, bodyLength: chunks.reduce(0) { $0 + $1.size })
        for c in chunks {
            w.write32(c.ssrc.rawValue)
            for item in c.items {
                w.write(byte: item.type)
                w.write(byte: UInt8(item.text.count))
                w.write(item.text)
            }
            w.write(byte: 0)
            w.padToWord()
        }
    }
}
