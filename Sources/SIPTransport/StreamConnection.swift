import EventLoopPOSIX
import SIPMessage
import StackCore

/// One TCP connection: its socket, framer and bounded write queue. Confined to the loop thread.
final class StreamConnection {
    enum State { case connecting, open }

    let socket: Socket
    let remote: SIPTransportAddress
    var state: State
    var framer: SIPStreamFramer
    var lastActivity: Instant
    /// A keep-alive ping went out on it and its pong has not come (RFC 5626 §4.4.1).
    var awaitingPong = false
    /// This side opened it (only those are pinged: the framer reads pongs on them).
    let isInitiator: Bool
    private(set) var queue: [(bytes: [UInt8], context: UInt64?)] = []
    private var headOffset = 0
    private(set) var queuedBytes = 0

    init(socket: Socket, remote: SIPTransportAddress, state: State, role: SIPStreamFramer.Role,
         limits: SIPParserLimits, now: Instant)
    {
        self.socket = socket
        self.remote = remote
        self.state = state
        framer = SIPStreamFramer(role: role, limits: limits)
        lastActivity = now
        isInitiator = role == .initiator
    }

    var hasPendingWrites: Bool { !queue.isEmpty }

    /// Queues bytes; false when that would pass `limit`.
    func enqueue(_ bytes: [UInt8], context: UInt64?, limit: Int) -> Bool {
        guard queuedBytes + bytes.count <= limit else { return false }
        queue.append((bytes, context))
        queuedBytes += bytes.count
        return true
    }

    /// Writes as much of the queue as the socket takes. Returns true when the queue emptied.
    func flush() throws(IOError) -> Bool {
        while let first = queue.first {
            let n = try socket.write(first.bytes[headOffset...])
            if n == 0 { return false }
            headOffset += n
            queuedBytes -= n
            if headOffset == first.bytes.count {
                queue.removeFirst()
                headOffset = 0
            }
        }
        return true
    }

    /// Empties the queue, returning the contexts of the sends that never went out.
    func drop() -> [UInt64] {
        defer { queue.removeAll(); queuedBytes = 0; headOffset = 0 }
        return queue.compactMap(\.context)
    }
}
