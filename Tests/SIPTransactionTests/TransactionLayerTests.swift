import SIPMessage
import SIPTransaction
import StackCore
import Testing

@Suite struct TransactionLayerTests {
    typealias Layer = TransactionLayer<String>
    typealias Output = TransactionOutput<String>

    static func request(_ method: String, branch: String?, host: String = "192.0.2.10:5060", toTag: String? = nil,
                        cseq: Int = 7, cseqMethod: String? = nil) throws -> SIPMessage
    {
        let via = "SIP/2.0/UDP \(host)" + (branch.map { ";branch=\($0)" } ?? "")
        let to = "<sip:bob@biloxi.example.com>" + (toTag.map { ";tag=\($0)" } ?? "")
        return try SIPMessage(parsing: "\(method) sip:bob@biloxi.example.com SIP/2.0\r\nVia: \(via)\r\nMax-Forwards: 70\r\nTo: \(to)\r\nFrom: <sip:alice@atlanta.example.com>;tag=a1\r\nCall-ID: call-1\r\nCSeq: \(cseq) \(cseqMethod ?? method)\r\nContent-Length: 0\r\n\r\n")
    }

    static func requests(_ out: [Output]) -> [(SIPMessage, TransactionID)] {
        out.compactMap { if case .request(let m, _, let id) = $0 { return (m, id) } else { return nil } }
    }

    static func sent(_ out: [Output]) -> [SIPMessage] {
        out.compactMap {
            switch $0 {
            case .send(let m, _, _), .sendStateless(let m, _): return m
            default: return nil
            }
        }
    }

    // MARK: Client side (§17.1.3)

    @Test func responsesMatchByBranchAndCSeqMethod() throws {
        var layer = Layer()
        var out: [Output] = []
        let invite = try Self.request("INVITE", branch: "z9hG4bKc1")
        let id = try layer.send(invite, to: "server", reliable: false, now: .zero, into: &out)
        #expect(out.first == .send(invite, to: "server", transaction: id))
        #expect(out.contains(.arm(.a, transaction: id, at: .seconds(0.5))))

        // The CANCEL shares the branch but is its own transaction (different method).
        let cancel = try Self.request("CANCEL", branch: "z9hG4bKc1")
        let cancelID = try layer.send(cancel, to: "server", reliable: false, now: .zero, into: &out)
        #expect(cancelID != id && layer.count == 2)

        out.removeAll()
        layer.receive(Messages.response(200, to: cancel), from: "server", reliable: false, now: .seconds(0.1), into: &out)
        layer.receive(Messages.response(487, to: invite), from: "server", reliable: false, now: .seconds(0.1), into: &out)
        let responses = out.compactMap { if case .response(let m, let t) = $0 { return (m.status!.rawValue, t) } else { return nil } }
        #expect(responses.map(\.0) == [200, 487] && responses.map(\.1) == [cancelID, id])
        #expect(Self.sent(out).map(\.method) == [.ack])
    }

    @Test func strayResponses() throws {
        var layer = Layer()
        var out: [Output] = []
        let invite = try Self.request("INVITE", branch: "z9hG4bKgone")
        layer.receive(Messages.response(200, to: invite), from: "far", reliable: false, now: .zero, into: &out)
        layer.receive(Messages.response(404, to: invite), from: "far", reliable: false, now: .zero, into: &out)
        #expect(out.count == 2)
        #expect(out[0] == .strayResponse(Messages.response(200, to: invite), from: "far"))
        #expect(out[1] == .discarded(Messages.response(404, to: invite), from: "far", reason: .noMatchingTransaction))
        #expect(layer.statistics.strayResponses == 2)
    }

    @Test func refusedRequests() throws {
        var layer = Layer()
        var out: [Output] = []
        let invite = try Self.request("INVITE", branch: "z9hG4bKc1")
        let ack = try #require(invite.acknowledgement(for: Messages.response(486, to: invite)))
        #expect(throws: TransactionError.ackHasNoTransaction) { try layer.send(ack, to: "s", reliable: false, now: .zero, into: &out) }
        #expect(throws: TransactionError.missingBranch) {
            try layer.send(try Self.request("OPTIONS", branch: "old1"), to: "s", reliable: false, now: .zero, into: &out)
        }
        _ = try layer.send(invite, to: "s", reliable: false, now: .zero, into: &out)
        #expect(throws: TransactionError.duplicateBranch) { try layer.send(invite, to: "s", reliable: false, now: .zero, into: &out) }
        #expect(throws: TransactionError.unknownTransaction(TransactionID(rawValue: 1))) {
            try layer.respond(Messages.response(200, to: invite), in: TransactionID(rawValue: 1), now: .zero, into: &out)
        }
    }

    // MARK: Server side (§17.2.3)

    /// An INVITE, its retransmission, a CANCEL finding it (§9.2), the 487, and the ACK for the 487
    /// absorbed by the INVITE transaction; the ACK for a 2xx (new branch) goes to the TU alone.
    @Test func inviteCancelAndAck() throws {
        var layer = Layer()
        var out: [Output] = []
        let invite = try Self.request("INVITE", branch: "z9hG4bKs1")
        layer.receive(invite, from: "alice", reliable: false, now: .zero, into: &out)
        layer.receive(invite, from: "alice", reliable: false, now: .seconds(0.5), into: &out)
        let created = Self.requests(out)
        #expect(created.count == 1)
        let inviteID = try #require(created.first?.1)
        #expect(Self.sent(out).map { $0.status?.rawValue } == [])
        #expect(layer.statistics.retransmissionsAbsorbed == 1)

        out.removeAll()
        let cancel = try Self.request("CANCEL", branch: "z9hG4bKs1", cseqMethod: "CANCEL")
        layer.receive(cancel, from: "alice", reliable: false, now: .seconds(1), into: &out)
        let cancelID = try #require(Self.requests(out).first?.1)
        #expect(layer.inviteTransaction(cancelledBy: cancel) == inviteID)
        try layer.respond(Messages.response(200, to: cancel), in: cancelID, now: .seconds(1), into: &out)
        let terminated = Messages.response(487, to: invite, toTag: "b9")
        try layer.respond(terminated, in: inviteID, now: .seconds(1), into: &out)
        #expect(layer.inviteServerState(inviteID) == .completed)

        out.removeAll()
        let ack = try #require(invite.acknowledgement(for: terminated))
        layer.receive(ack, from: "alice", reliable: false, now: .seconds(1.1), into: &out)
        #expect(layer.inviteServerState(inviteID) == .confirmed)
        #expect(!out.contains { if case .ack = $0 { return true } else { return false } })

        out.removeAll()
        let ack2xx = try Self.request("ACK", branch: "z9hG4bKnew", toTag: "b9")
        layer.receive(ack2xx, from: "alice", reliable: false, now: .seconds(2), into: &out)
        #expect(out == [.ack(ack2xx, from: "alice", transaction: nil)])
    }

    /// §17.2.3: the same branch from another sent-by is another transaction.
    @Test func sentByIsPartOfTheMatch() throws {
        var layer = Layer()
        var out: [Output] = []
        layer.receive(try Self.request("OPTIONS", branch: "z9hG4bKdup", host: "192.0.2.10:5060"), from: "a", reliable: false, now: .zero, into: &out)
        layer.receive(try Self.request("OPTIONS", branch: "z9hG4bKdup", host: "192.0.2.11:5060"), from: "b", reliable: false, now: .zero, into: &out)
        layer.receive(try Self.request("OPTIONS", branch: "z9hG4bKdup", host: "192.0.2.10"), from: "a", reliable: false, now: .zero, into: &out)
        #expect(Self.requests(out).count == 3 && layer.count == 3)
    }

    /// RFC 2543 peers (no magic cookie): matched on Request-URI, tags, Call-ID, CSeq and top Via; the
    /// ACK carries the To tag of the response.
    @Test func legacyMatching() throws {
        var layer = Layer()
        var out: [Output] = []
        let invite = try Self.request("INVITE", branch: "old-1")
        layer.receive(invite, from: "old", reliable: false, now: .zero, into: &out)
        layer.receive(invite, from: "old", reliable: false, now: .seconds(0.5), into: &out)
        let id = try #require(Self.requests(out).first?.1)
        #expect(Self.requests(out).count == 1)

        let cancel = try Self.request("CANCEL", branch: "old-1", cseqMethod: "CANCEL")
        #expect(layer.inviteTransaction(cancelledBy: cancel) == id)

        let busy = Messages.response(486, to: invite, toTag: "srv")
        try layer.respond(busy, in: id, now: .seconds(1), into: &out)
        out.removeAll()
        layer.receive(try Self.request("ACK", branch: "old-1", toTag: "other", cseqMethod: "ACK"), from: "old", reliable: false, now: .seconds(1.1), into: &out)
        #expect(layer.inviteServerState(id) == .completed)
        #expect(out.count == 1 && { if case .ack(_, _, nil) = out[0] { return true } else { return false } }())
        layer.receive(try #require(invite.acknowledgement(for: busy)), from: "old", reliable: false, now: .seconds(1.2), into: &out)
        #expect(layer.inviteServerState(id) == .confirmed)

        // A request with no branch at all is matched the same way.
        out.removeAll()
        let bare = try Self.request("OPTIONS", branch: nil)
        layer.receive(bare, from: "old", reliable: false, now: .zero, into: &out)
        layer.receive(bare, from: "old", reliable: false, now: .zero, into: &out)
        #expect(Self.requests(out).count == 1)
    }

    @Test func unmatchableRequestsAreDropped() throws {
        var layer = Layer()
        var out: [Output] = []
        let noVia = try SIPMessage(parsing: "OPTIONS sip:b@example.com SIP/2.0\r\nTo: <sip:b@example.com>\r\nFrom: <sip:a@example.com>;tag=1\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n")
        layer.receive(noVia, from: "x", reliable: false, now: .zero, into: &out)
        #expect(out == [.discarded(noVia, from: "x", reason: .unmatchable)] && layer.count == 0)
    }

    /// A full table answers new requests 503 with Retry-After and refuses new client transactions;
    /// retransmissions of open transactions still match.
    @Test func boundedTable() throws {
        var config = Layer.Configuration()
        config.maxTransactions = 2
        var layer = Layer(configuration: config)
        var out: [Output] = []
        let first = try Self.request("OPTIONS", branch: "z9hG4bK1")
        layer.receive(first, from: "a", reliable: false, now: .zero, into: &out)
        _ = try layer.send(try Self.request("OPTIONS", branch: "z9hG4bKmine"), to: "b", reliable: false, now: .zero, into: &out)
        out.removeAll()
        layer.receive(try Self.request("OPTIONS", branch: "z9hG4bK3"), from: "a", reliable: false, now: .zero, into: &out)
        let busy = try #require(Self.sent(out).first)
        #expect(busy.status == .serviceUnavailable && busy.headers.first(.retryAfter) == "5")
        #expect(layer.statistics.overloadRejections == 1)
        #expect(throws: TransactionError.tableFull(limit: 2)) {
            try layer.send(try Self.request("OPTIONS", branch: "z9hG4bKmore"), to: "b", reliable: false, now: .zero, into: &out)
        }
        out.removeAll()
        layer.receive(first, from: "a", reliable: false, now: .zero, into: &out)
        #expect(out.isEmpty && layer.count == 2)
    }

    /// Timers route back to their machine; termination forgets the transaction and its keys.
    @Test func timersAndTermination() throws {
        var layer = Layer()
        var out: [Output] = []
        let options = try Self.request("OPTIONS", branch: "z9hG4bKt")
        layer.receive(options, from: "a", reliable: false, now: .zero, into: &out)
        let id = try #require(Self.requests(out).first?.1)
        try layer.respond(Messages.response(200, to: options), in: id, now: .zero, into: &out)
        #expect(out.contains(.arm(.j, transaction: id, at: .seconds(32))))
        out.removeAll()
        layer.timerFired(.j, transaction: id, now: .seconds(32), into: &out)
        #expect(out == [.terminated(transaction: id)] && layer.count == 0)
        layer.timerFired(.j, transaction: id, now: .seconds(33), into: &out)
        #expect(out.count == 1)
        // The same request now starts a new transaction.
        layer.receive(options, from: "a", reliable: false, now: .seconds(40), into: &out)
        #expect(Self.requests(out).count == 1 && layer.statistics.created == 2 && layer.statistics.terminated == 1)
    }

    @Test func transportFailureReported() throws {
        var layer = Layer()
        var out: [Output] = []
        let id = try layer.send(try Self.request("OPTIONS", branch: "z9hG4bKtf"), to: "b", reliable: true, now: .zero, into: &out)
        out.removeAll()
        layer.transportFailed(transaction: id, now: .seconds(1), into: &out)
        #expect(out.contains(.transportError(transaction: id)) && out.last == .terminated(transaction: id))
        #expect(layer.count == 0 && layer.statistics.transportErrors == 1)
    }
}
