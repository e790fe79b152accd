import SIPMessage

/// Where a request goes next (RFC 3261 §8.1.2): the transport, host and port taken from the URI of
/// the first Route or, without one, the Request-URI. Resolving a host name (RFC 3263) is the
/// runtime's work; this only reads the URI.
public struct SIPNextHop: Sendable, Hashable, CustomStringConvertible {
    /// The transport token in upper case (`UDP`, `TCP`, `TLS`).
    public var transport: String
    /// The host: a name or an IP literal (without brackets).
    public var host: String
    /// The port; the URI's or the transport's default.
    public var port: Int

    /// A next hop from its parts.
    public init(transport: String, host: String, port: Int) {
        self.transport = transport.uppercased()
        self.host = host
        self.port = port
    }

    /// The next hop a SIP or SIPS URI names: `maddr` over the host, `transport` over the scheme's
    /// default (UDP for sip, TLS for sips). Nil for other schemes.
    public init?(uri: SIPAnyURI) {
        guard let sip = uri.sipURI else { return nil }
        let transport = sip.transport.map { $0.string.uppercased() } ?? (sip.scheme == .sips ? "TLS" : "UDP")
        var host = sip.maddr?.string ?? sip.host.text.string
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let port = sip.port ?? (transport == "TLS" ? 5061 : 5060)
        self.init(transport: transport, host: host, port: port)
    }

    public var description: String { "\(transport.lowercased()):\(host.contains(":") ? "[\(host)]" : host):\(port)" }
}
