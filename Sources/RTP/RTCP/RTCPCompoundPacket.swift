import StackCore

/// A compound RTCP packet (RFC 3550 §6.1): the packets of one datagram, checked as §A.2 describes.
public struct RTCPCompoundPacket: Sendable, Hashable {
    /// How strictly a datagram is checked.
    public enum Validation: Sendable, Hashable {
        /// RFC 3550 §A.2: the first packet is an SR or RR.
        case compound
        /// RFC 5506: any packet type may come first (reduced-size RTCP, negotiated with `a=rtcp-rsize`).
        case reducedSize
    }

    /// Something accepted but worth reporting.
    public enum Warning: Sendable, Hashable, CustomStringConvertible {
        /// A packet type this module does not read, at this byte offset.
        case unknownPacketType(RTCPPacketType, at: Int)
        /// A full compound packet without an SDES CNAME (§6.1 requires one in each).
        case missingCNAME

        public var description: String {
            switch self {
            case .unknownPacketType(let t, let at): "unknown packet type \(t) at byte \(at)"
            case .missingCNAME: "no SDES CNAME in the compound packet"
            }
        }
    }

    /// The packets, in order.
    public var packets: [RTCPPacket]
    /// What parsing accepted but found worth reporting (empty for a packet built from parts).
    public private(set) var warnings: [Warning] = []

    /// Largest number of packets read from one datagram; the rest is an error, not memory.
    public static let maximumPackets = 64

    /// A compound packet from its parts.
    public init(_ packets: [RTCPPacket]) { self.packets = packets }

    /// Parses a datagram; ``warnings`` reports what was accepted but odd.
    public init(parsing bytes: ArraySlice<UInt8>, validation: Validation = .compound) throws(RTCPError) {
        let origin = bytes.startIndex
        var i = origin
        packets = []
        guard !bytes.isEmpty else { throw RTCPError(.truncated, at: 0) }
        while i < bytes.endIndex {
            guard packets.count < Self.maximumPackets else { throw RTCPError(.invalidLength, at: i - origin) }
            // Common header (§6.4.1): V=2, P, count, PT, length in words minus one.
            guard bytes.endIndex - i >= 4 else { throw RTCPError(.truncated, at: bytes.count) }
            let b0 = bytes[i], type = RTCPPacketType(rawValue: bytes[i + 1])
            guard b0 >> 6 == 2 else { throw RTCPError(.unsupportedVersion, at: i - origin) }
            let size = (Int(bytes.be16(i + 2)) + 1) * 4
            guard bytes.endIndex - i >= size else { throw RTCPError(.truncated, at: bytes.count) }
            var end = i + size
            if b0 & 0x20 != 0 {
                // §A.2: only the last packet may be padded, by 1 to the packet's body size octets.
                guard end == bytes.endIndex else { throw RTCPError(.invalidPadding, at: i - origin) }
                let count = Int(bytes[end - 1])
                guard count >= 1, count <= size - 4 else { throw RTCPError(.invalidPadding, at: end - 1 - origin) }
                end -= count
            }
            if packets.isEmpty, validation == .compound, type != .senderReport, type != .receiverReport {
                throw RTCPError(.invalidCompound, at: i + 1 - origin)
            }
            let body = RTCPBody(bytes: bytes[(i + 4)..<end], count: Int(b0 & 0x1F), origin: origin)
            let packet = try RTCPPacket(type: type, body)
            if case .unknown = packet { warnings.append(.unknownPacketType(type, at: i - origin)) }
            packets.append(packet)
            i += size
        }
        let hasCNAME = packets.contains {
            if case .sourceDescription(let d) = $0 { d.chunks.contains { $0.cname != nil } } else { false }
        }
        if validation == .compound, !hasCNAME { warnings.append(.missingCNAME) }
    }

    /// Parses a datagram held in a whole array.
    public init(parsing bytes: [UInt8], validation: Validation = .compound) throws(RTCPError) {
        try self.init(parsing: bytes[...], validation: validation)
    }

    /// The datagram's bytes; throws ``RTCPError/Kind/doesNotFit`` when a packet cannot be encoded.
    public func serialized() throws(RTCPError) -> [UInt8] {
        var w = ByteWriter(capacity: 128)
        for p in packets { try p.write(&w) }
        return w.finish()
    }
}
