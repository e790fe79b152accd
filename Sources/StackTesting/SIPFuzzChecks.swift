import SIPMessage
import SIPTransaction
import StackCore

/// The properties the SIP fuzz target checks on every input; `swift test` replays the same checks
/// over the seeds and every saved crasher.
public enum SIPFuzzChecks {
    /// Parses `data` as a datagram and as a stream, and checks the round-trip property: whatever parses
    /// serializes to bytes that parse to an equal message, and serializing again gives the same bytes.
    /// A violated property traps, which the fuzzer records as a crash.
    public static func check(_ data: [UInt8]) {
        checkDatagram(data)
        checkStream(data)
        if data.count <= 4096 { _ = try? SIPAnyURI(parsing: ByteString(bytes: data)) }
    }

    static func checkDatagram(_ data: [UInt8]) {
        guard let m = try? SIPMessage(parsing: data) else { return }
        exerciseTypedViews(m)
        checkTransactionLayer(m)
        // Canonical names are longer than compact ones, so the re-parse gets room to grow.
        var roomy = SIPParserLimits()
        roomy.maxMessageSize *= 3
        roomy.maxLineLength *= 2
        roomy.maxHeaderCount += 1
        let bytes = m.serialized()
        let again: SIPMessage
        do {
            again = try SIPMessage(parsing: bytes, framing: .stream, limits: roomy)
        } catch {
            fatalError("round trip: serialized message does not parse: \(error)")
        }
        guard again == m else { fatalError("round trip: re-parsed message differs") }
        guard again.serialized() == bytes else { fatalError("round trip: serialization not stable") }
        guard again.declaredContentLength == again.body.count else { fatalError("round trip: Content-Length wrong") }
    }

    static func checkStream(_ data: [UInt8]) {
        var framer = SIPStreamFramer(role: data.first.map { $0 & 1 == 0 } == true ? .acceptor : .initiator)
        let step = max(1, Int(data.first ?? 1) % 97)
        var i = 0
        var events = 0
        while i < data.count {
            let end = min(data.count, i + step)
            do {
                try framer.append(data[i..<end])
                while let _ = try framer.next() {
                    events += 1
                    if events > data.count + 1 { fatalError("framer produced more events than bytes") }
                }
            } catch {
                return
            }
            i = end
        }
    }

    static func exerciseTypedViews(_ m: SIPMessage) {
        _ = m.checkRequest()
        _ = m.checkResponse()
        _ = try? m.multipartBody()
        _ = try? m.headerList(.wwwAuthenticate, as: SIPAuthChallenge.self)
        _ = try? m.headerList(.authorization, as: SIPAuthCredentials.self)
        _ = try? m.headerList(.route, as: SIPNameAddress.self)
        _ = try? m.headerList(.warning, as: SIPWarning.self)
        _ = try? m.headerList(.reason, as: SIPReason.self)
        _ = try? m.headerList(.accept, as: SIPMediaRange.self)
        _ = try? m.header(.event, as: SIPEvent.self)
        _ = try? m.header(.replaces, as: SIPReplaces.self)
        _ = try? m.header(.rAck, as: SIPRAck.self)
        _ = try? m.header(.sessionExpires, as: SIPDeltaSeconds.self)
        for v in m.via { _ = (v.branch, v.received, v.rport, v.ttl) }
        for c in m.contact?.contacts ?? [] { _ = (c.q, c.expires, c.address.displayName) }
        if let u = m.requestURI?.sipURI { _ = (u == u, u.decodedUser, u.hashValue) }
    }

    /// Feeds a parsed message to a transaction layer twice (a retransmission), answers a request it
    /// created a transaction for, and checks the layer's bookkeeping stays consistent.
    static func checkTransactionLayer(_ m: SIPMessage) {
        var layer = TransactionLayer<Int>()
        var out: [TransactionOutput<Int>] = []
        layer.receive(m, from: 1, reliable: false, now: .zero, into: &out)
        layer.receive(m, from: 1, reliable: false, now: Instant(nanoseconds: 1_000_000), into: &out)
        var created: TransactionID?
        for o in out { if case .request(_, _, let id) = o { created = id } }
        if let id = created {
            guard out.filter({ if case .request = $0 { return true } else { return false } }).count == 1 else {
                fatalError("transaction layer: a retransmission created a second transaction")
            }
            _ = layer.inviteTransaction(cancelledBy: m)
            try? layer.respond(m.makeResponse(status: .ok, toTag: "fuzz"), in: id, now: Instant(nanoseconds: 2_000_000), into: &out)
        }
        guard layer.count <= 1, layer.statistics.created - layer.statistics.terminated == layer.count else {
            fatalError("transaction layer: table bookkeeping inconsistent")
        }
        if !m.isRequest, layer.count != 0 { fatalError("transaction layer: a response created a transaction") }
    }
}
