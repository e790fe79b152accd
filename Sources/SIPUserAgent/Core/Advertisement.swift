import SIPMessage
import StackCore

/// The header values a user agent puts in its messages about itself (Allow, Supported, Accept,
/// Contact per transport, the product), built once from its ``UserAgentConfiguration`` rather than
/// for every message.
struct Advertisement: Sendable {
    /// Allow's value (§20.5).
    let allow: String
    /// Accept's value (§20.1).
    let accept: String
    /// Supported's value (§20.37); empty when nothing is supported.
    let supported: String
    /// User-Agent and Server text.
    let product: String?
    /// Allow, and Supported when it is not empty: for INVITE and its 2xx.
    let capabilityHeaders: [SIPHeaderField]
    private let contacts: [String: SIPNameAddress]
    private let fallbackContact: SIPNameAddress?

    init(_ c: UserAgentConfiguration) {
        allow = c.allowedMethods.map(\.rawValue).joined(separator: ", ")
        accept = c.acceptedBodyTypes.joined(separator: ", ")
        supported = c.supportedOptions.joined(separator: ", ")
        product = c.product
        var headers = [SIPHeaderField(name: .allow, value: ByteString(allow))]
        if !supported.isEmpty { headers.append(SIPHeaderField(name: .supported, value: ByteString(supported))) }
        capabilityHeaders = headers
        var contacts: [String: SIPNameAddress] = [:]
        for e in c.endpoints where contacts[e.transport] == nil { contacts[e.transport] = Self.contact(user: c.contactUser, e) }
        self.contacts = contacts
        fallbackContact = c.endpoints.first.flatMap { contacts[$0.transport] }
    }

    /// The Contact for dialogs over `transport` (§8.1.1.8), or the first endpoint's.
    func contact(for transport: String) -> SIPNameAddress? {
        contacts[transport.uppercased()] ?? fallbackContact
    }

    /// A Contact for `endpoint`, with `transport=` except for UDP.
    private static func contact(user: String?, _ e: SIPLocalEndpoint) -> SIPNameAddress? {
        let parameters: [(String, String?)] = e.transport == "UDP" ? [] : [("transport", e.transport.lowercased())]
        guard let uri = try? SIPURI(user: user, host: e.host, port: e.port, parameters: parameters) else { return nil }
        return try? SIPNameAddress(uri: .sip(uri))
    }
}
