import StackCore

/// An RTCP extended report (RFC 3611 §2): a sequence of report blocks from one sender.
public struct ExtendedReport: Sendable, Hashable {
    /// One report block (RFC 3611 §3).
    public enum Block: Sendable, Hashable {
        /// Receiver reference time (§4.4): lets a non-sender get a round-trip time through DLRR.
        case receiverReferenceTime(NTPTimestamp)
        /// DLRR (§4.5): for each receiver, when its last reference time arrived and how long ago.
        case delaySinceLastReceiverReport([DLRRItem])
        /// VoIP metrics (§4.7).
        case voipMetrics(VoIPMetrics)
        /// Any other block: its type, type-specific byte and contents, kept as is.
        case other(type: UInt8, typeSpecific: UInt8, contents: ArraySlice<UInt8>)
    }

    /// One receiver's entry in a DLRR block (RFC 3611 §4.5).
    public struct DLRRItem: Sendable, Hashable {
        /// The receiver.
        public var ssrc: SSRC
        /// The middle 32 bits of its last receiver reference time.
        public var lastReceiverReport: UInt32
        /// The delay since that arrived, in 1/65536 s.
        public var delaySinceLastReceiverReport: UInt32

        /// An item from parts.
        public init(ssrc: SSRC, lastReceiverReport: UInt32, delaySinceLastReceiverReport: UInt32) {
            self.ssrc = ssrc
            self.lastReceiverReport = lastReceiverReport
            self.delaySinceLastReceiverReport = delaySinceLastReceiverReport
        }
    }

    /// The sender of the report.
    public var ssrc: SSRC
    /// The blocks, in order.
    public var blocks: [Block]

    /// A report from parts.
    public init(ssrc: SSRC, blocks: [Block]) {
        self.ssrc = ssrc
        self.blocks = blocks
    }

    /// The VoIP metrics blocks.
    public var voipMetrics: [VoIPMetrics] {
        blocks.compactMap { if case .voipMetrics(let m) = $0 { m } else { nil } }
    }

    init(_ body: RTCPBody) throws(RTCPError) {
        let b = body.bytes
        var i = b.startIndex
        try body.need(4, at: i)
        ssrc = SSRC(b.be32(i))
        i += 4
        blocks = []
        while i < b.endIndex {
            // Block header: BT, type-specific, length in words after the header (§3).
            guard b.endIndex - i >= 4 else { throw RTCPError(.invalidItem, at: body.offset(i)) }
            let type = b[i], specific = b[i + 1], length = Int(b.be16(i + 2)) * 4
            guard b.endIndex - i - 4 >= length else { throw RTCPError(.invalidItem, at: body.offset(i + 2)) }
            let contents = b[(i + 4)..<(i + 4 + length)]
            blocks.append(try Self.block(type: type, specific: specific, contents, body: body))
            i += 4 + length
        }
    }

    private static func block(type: UInt8, specific: UInt8, _ c: ArraySlice<UInt8>, body: RTCPBody) throws(RTCPError) -> Block {
        let s = c.startIndex
        switch type {
        case 4:
            guard c.count == 8 else { throw RTCPError(.invalidItem, at: body.offset(s - 2)) }
            return .receiverReferenceTime(NTPTimestamp(rawValue: UInt64(c.be32(s)) << 32 | UInt64(c.be32(s + 4))))
        case 5:
            guard c.count % 12 == 0 else { throw RTCPError(.invalidItem, at: body.offset(s - 2)) }
            return .delaySinceLastReceiverReport(stride(from: s, to: c.endIndex, by: 12).map {
                DLRRItem(ssrc: SSRC(c.be32($0)), lastReceiverReport: c.be32($0 + 4), delaySinceLastReceiverReport: c.be32($0 + 8))
            })
        case 7:
            guard c.count == VoIPMetrics.size else { throw RTCPError(.invalidItem, at: body.offset(s - 2)) }
            return .voipMetrics(VoIPMetrics(c))
        default:
            return .other(type: type, typeSpecific: specific, contents: c)
        }
    }

    func write(_ w: inout ByteWriter) throws(RTCPError) {
        let sizes = blocks.map(\.contentSize)
        guard sizes.allSatisfy({ $0 % 4 == 0 && $0 / 4 <= 0xFFFF }) else { throw RTCPError(.doesNotFit, at: w.count) }
        try writeRTCPHeader(&w, type: .extendedReport, count: 0, bodyLength: 4 + sizes.reduce(0) { $0 + 4 + $1 })
        w.write32(ssrc.rawValue)
        for (block, size) in zip(blocks, sizes) {
            block.writeHeader(&w, words: size / 4)
            switch block {
            case .receiverReferenceTime(let t):
                w.write32(t.seconds)
                w.write32(t.fraction)
            case .delaySinceLastReceiverReport(let items):
                for item in items {
                    w.write32(item.ssrc.rawValue)
                    w.write32(item.lastReceiverReport)
                    w.write32(item.delaySinceLastReceiverReport)
                }
            case .voipMetrics(let m): m.write(&w)
            case .other(_, _, let contents): w.write(contents)
            }
        }
    }
}

extension ExtendedReport.Block {
    var contentSize: Int {
        switch self {
        case .receiverReferenceTime: 8
        case .delaySinceLastReceiverReport(let items): 12 * items.count
        case .voipMetrics: VoIPMetrics.size
        case .other(_, _, let contents): contents.count
        }
    }

    func writeHeader(_ w: inout ByteWriter, words: Int) {
        switch self {
        case .receiverReferenceTime: w.write(byte: 4); w.write(byte: 0)
        case .delaySinceLastReceiverReport: w.write(byte: 5); w.write(byte: 0)
        case .voipMetrics: w.write(byte: 7); w.write(byte: 0)
        case .other(let type, let specific, _): w.write(byte: type); w.write(byte: specific)
        }
        w.write16(UInt16(words))
    }
}
