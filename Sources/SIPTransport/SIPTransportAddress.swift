import EventLoopPOSIX

/// The transport protocols this layer speaks.
public enum SIPTransportProtocol: String, Sendable, Hashable, CaseIterable {
    /// RFC 768 datagrams: unreliable, so the transactions retransmit.
    case udp = "UDP"
    /// A stream framed by Content-Length (RFC 3261 §18.3): reliable.
    case tcp = "TCP"

    /// True for stream transports, where timers that absorb retransmissions are zero.
    public var isReliable: Bool { self != .udp }

    /// The protocol for a Via transport token (case-insensitive), if spoken here.
    public init?(viaToken: some StringProtocol) {
        switch viaToken.uppercased() {
        case "UDP": self = .udp
        case "TCP": self = .tcp
        default: return nil
        }
    }
}

/// Where a message came from or goes to: a protocol and a socket address. The transaction layer's
/// `Peer`.
public struct SIPTransportAddress: Sendable, Hashable, CustomStringConvertible {
    /// UDP or TCP.
    public var transport: SIPTransportProtocol
    /// The IP address and port.
    public var address: SocketAddress

    /// An address from its parts.
    public init(_ transport: SIPTransportProtocol, _ address: SocketAddress) {
        self.transport = transport
        self.address = address
    }

    public var description: String { "\(transport.rawValue.lowercased()):\(address)" }
}
