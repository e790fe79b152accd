extension SDPDirection {
    /// The direction with these capabilities.
    public init(sends: Bool, receives: Bool) {
        switch (sends, receives) {
        case (true, true): self = .sendrecv
        case (true, false): self = .sendonly
        case (false, true): self = .recvonly
        case (false, false): self = .inactive
        }
    }

    /// The same stream seen from the other side: `sendonly` ↔ `recvonly`.
    public var reversed: SDPDirection { SDPDirection(sends: receives, receives: sends) }

    /// What both allow.
    public func intersection(_ other: SDPDirection) -> SDPDirection {
        SDPDirection(sends: sends && other.sends, receives: receives && other.receives)
    }

    /// The direction the answerer gives a stream offered as `offered` when it wants `local`
    /// (RFC 3264 §6.1): sendonly is answered recvonly or inactive, recvonly sendonly or inactive,
    /// inactive inactive, and sendrecv any of the four.
    public static func answer(toOffered offered: SDPDirection, local: SDPDirection) -> SDPDirection {
        offered.reversed.intersection(local)
    }

    /// This direction put on hold (RFC 3264 §8.4): we stop receiving; sendrecv becomes sendonly, recvonly inactive.
    public var held: SDPDirection { SDPDirection(sends: sends, receives: false) }
}
