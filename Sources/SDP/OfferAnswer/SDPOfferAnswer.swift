/// The RFC 3264 offer/answer negotiator for one session: it makes offers from the local media, answers
/// the peer's offers, takes the peer's answers, and keeps what the streams settled on.
///
/// A value type with no I/O: the transaction user keeps one per dialog and copies it to roll back (an
/// INVITE rejected after its answer was computed). Only one offer is outstanding at a time (§4).
public struct SDPOfferAnswer: Sendable {
    /// Where the exchange stands.
    public enum State: Sendable, Hashable {
        /// No offer outstanding.
        case stable
        /// Our offer is out; the next description from the peer is its answer.
        case localOfferPending
    }

    /// The local side: address, origin and streams.
    public private(set) var configuration: SDPNegotiatorConfiguration
    /// Where the exchange stands.
    public private(set) var state: State = .stable
    /// The last description we sent (offer or answer).
    public private(set) var localDescription: SDPSessionDescription?
    /// The last description the peer sent.
    public private(set) var remoteDescription: SDPSessionDescription?
    /// What the last completed exchange settled on.
    public private(set) var negotiation: SDPNegotiation?
    /// True after ``hold()``, until ``resume()``.
    public private(set) var isOnHold = false

    /// The session's structure as of the last completed exchange (restored when our offer is rejected).
    struct Structure: Sendable, Hashable {
        /// For each m= line, the index of the local stream that runs it; nil when rejected or removed.
        var slots: [Int?] = []
        /// The local description of the last completed exchange: its m= lines and payload numbers carry over.
        var committed: SDPSessionDescription?
        /// Local streams added since, to append at the next offer.
        var additions: [Int] = []
        /// m= lines to set to port 0 at the next offer.
        var removals: Set<Int> = []
    }

    var structure = Structure()
    var beforeOffer: Structure?
    var version: UInt64

    /// A negotiator for the local side described by `configuration`.
    public init(configuration: SDPNegotiatorConfiguration) {
        self.configuration = configuration
        version = configuration.initialVersion
    }

    // MARK: Offers

    /// Makes an offer: the initial one from the local streams, or a re-offer that keeps every m= line of
    /// the session in place (RFC 3264 §8), with the hold state, added and removed streams applied.
    public mutating func createOffer() throws(SDPNegotiationError) -> SDPSessionDescription {
        guard state == .stable else { throw SDPNegotiationError(.offerPending, "an offer is already outstanding") }
        let (lines, slots) = try offerLines()
        let offer = stamp(lines)
        // If the peer refuses this offer, the session returns to the last exchange without its changes.
        beforeOffer = Structure(slots: structure.slots, committed: structure.committed)
        structure.slots = slots
        structure.additions = []
        structure.removals = []
        state = .localOfferPending
        localDescription = offer
        return offer
    }

    /// Takes the peer's answer to our outstanding offer (RFC 3264 §7) and returns what each stream settled on.
    /// A broken answer throws and leaves the offer outstanding, so the caller can end or retry the session.
    @discardableResult
    public mutating func receiveAnswer(_ answer: SDPSessionDescription) throws(SDPNegotiationError) -> SDPNegotiation {
        guard state == .localOfferPending, let offer = localDescription else {
            throw SDPNegotiationError(.noOfferPending, "no offer of ours is outstanding")
        }
        var reader = AnswerReader(offer: offer, answer: answer, local: configuration.media, slots: structure.slots)
        let result = try reader.read()
        for (i, m) in result.media.enumerated() where !m.isActive { structure.slots[i] = nil }
        structure.committed = offer
        beforeOffer = nil
        remoteDescription = answer
        negotiation = result
        state = .stable
        return result
    }

    /// Our offer was refused (a 488 or other failure to the request that carried it): the session goes
    /// back to what the last exchange settled on, and streams added or removed for that offer are
    /// forgotten. Hold state and local media changes stay. The version keeps counting from the refused offer.
    public mutating func offerRejected() {
        guard state == .localOfferPending else { return }
        if let beforeOffer { structure = beforeOffer }
        beforeOffer = nil
        state = .stable
    }

    // MARK: Answers

    /// Answers the peer's offer (RFC 3264 §6): each offered stream is matched with a local stream of its
    /// type and gets the common codecs, the §6.1 direction, one crypto suite, or port 0 when nothing fits.
    /// Throws ``SDPNegotiationError/Kind/offerPending`` on glare and ``SDPNegotiationError/Kind/noAcceptableMedia``
    /// when nothing offered can be used; either way the negotiator is unchanged.
    public mutating func receiveOffer(_ offer: SDPSessionDescription) throws(SDPNegotiationError)
        -> (answer: SDPSessionDescription, negotiation: SDPNegotiation)
    {
        guard state == .stable else { throw SDPNegotiationError(.offerPending, "glare: our offer is outstanding") }
        let previous = structure.committed?.media.count ?? 0
        guard offer.media.count >= previous else {
            throw SDPNegotiationError(.mediaRemoved, "the offer has \(offer.media.count) m= lines, the session \(previous)")
        }
        let builder = AnswerBuilder(offer: offer, configuration: configuration, held: isOnHold, slots: structure.slots)
        let (lines, negotiated, slots) = try builder.build()
        let answer = stamp(lines)
        structure = Structure(slots: slots, committed: answer, additions: structure.additions.filter { !slots.contains($0) }, removals: [])
        localDescription = answer
        remoteDescription = offer
        negotiation = negotiated
        return (answer, negotiated)
    }

    // MARK: Changes for the next offer

    /// Puts every stream on hold at the next offer (RFC 3264 §8.4): sendrecv becomes sendonly, recvonly inactive.
    public mutating func hold() { isOnHold = true }

    /// Takes the streams off hold at the next offer.
    public mutating func resume() { isOnHold = false }

    /// Adds a local stream; the next offer appends an m= line for it (RFC 3264 §8.1).
    public mutating func addMedia(_ media: SDPLocalMedia) {
        configuration.media.append(media)
        structure.additions.append(configuration.media.count - 1)
    }

    /// Removes the stream on m= line `index`; the next offer sets its port to 0 (RFC 3264 §8.2).
    public mutating func removeMedia(at index: Int) {
        guard structure.slots.indices.contains(index) else { return }
        structure.removals.insert(index)
    }

    /// Moves the session to a new local address (a network change, or a real address after an initial
    /// `0.0.0.0`); the next offer or answer carries it.
    public mutating func changeAddress(to address: String, addressType: String? = nil) {
        configuration.address = address
        if let addressType { configuration.addressType = addressType }
    }

    /// Changes local stream `index` (codecs, port, direction, keys); the next offer or answer uses it.
    public mutating func updateLocalMedia(at index: Int, _ change: (inout SDPLocalMedia) -> Void) {
        guard configuration.media.indices.contains(index) else { return }
        change(&configuration.media[index])
    }

    // MARK: Descriptions

    /// The session-level lines of every description we send, around `media`; the `o=` version grows
    /// only when the description differs from the last one sent (RFC 3264 §8).
    mutating func stamp(_ media: [SDPMediaDescription]) -> SDPSessionDescription {
        let c = configuration
        var d = SDPSessionDescription(
            origin: SDPOrigin(username: c.username, sessionID: c.sessionID, sessionVersion: version,
                              addressType: c.addressType, address: c.address),
            sessionName: c.sessionName)
        d.connection = SDPConnection(addressType: c.addressType, address: c.address)
        d.media = media
        if let last = localDescription {
            if last != d { version &+= 1 }
            d.origin.sessionVersion = version
        }
        return d
    }
}
