import EventLoopPOSIX
import StackCore

/// One destination kept alive, and its armed timer.
struct KeepAlive {
    let interval: Duration
    var timer: TimerQueue<() -> Void>.Handle?
}

/// Keep-alives toward a registrar or outbound proxy, so that NAT bindings and connections stay open
/// for the requests that come back (RFC 5626 §3.5.1, §4.4.1).
///
/// Over UDP a CRLF CRLF datagram goes every interval; the receiver ignores it, and it refreshes the
/// NAT binding. Over TCP, on a connection this side opened, the same CRLF CRLF is a ping that the
/// peer answers with a CRLF pong; no pong within ``SIPTransportConfiguration/keepAlivePongTimeout``
/// closes the connection (``SIPTransportEvent/connectionClosed(_:)`` tells the user, which may
/// register anew), and the next ping opens a new one. A connection kept alive is not closed for
/// idleness.
extension SIPTransportLayer {
    /// The bytes of a ping (RFC 5626 §3.5.1).
    static let pingBytes: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A]
    /// The most destinations kept alive at once.
    public static let maximumKeepAlives = 256

    /// Sends a keep-alive to `destination` every `interval`, each time after a random 80–100 % of
    /// it (RFC 5626 §4.4.1), until ``stopKeepAlive(to:)``; replaces an earlier interval. False past
    /// ``maximumKeepAlives`` or once the layer is closed.
    @discardableResult
    public func startKeepAlive(to destination: SIPTransportAddress, every interval: Duration) -> Bool {
        guard interval > .zero, !isClosed,
              keepAlives[destination] != nil || keepAlives.count < Self.maximumKeepAlives else { return false }
        if let old = keepAlives[destination]?.timer { loop.cancel(old) }
        keepAlives[destination] = KeepAlive(interval: interval)
        armKeepAlive(destination)
        return true
    }

    /// Stops the keep-alives to `destination`; its connection may then close when idle.
    public func stopKeepAlive(to destination: SIPTransportAddress) {
        guard let k = keepAlives.removeValue(forKey: destination) else { return }
        if let timer = k.timer { loop.cancel(timer) }
    }

    /// The destinations kept alive.
    public var keepAliveDestinations: [SIPTransportAddress] { Array(keepAlives.keys) }

    func stopAllKeepAlives() {
        for destination in Array(keepAlives.keys) { stopKeepAlive(to: destination) }
    }

    private func armKeepAlive(_ destination: SIPTransportAddress) {
        guard var k = keepAlives[destination] else { return }
        let (seconds, attoseconds) = k.interval.components
        let nanoseconds = UInt64(max(seconds * 1_000_000_000 + attoseconds / 1_000_000_000, 1))
        let jittered = Duration.nanoseconds(Int64(random.integer(in: nanoseconds * 8 / 10...nanoseconds)))
        k.timer = loop.schedule(at: loop.now + jittered) { [unowned self] in
            keepAlives[destination]?.timer = nil
            sendKeepAlive(destination)
            armKeepAlive(destination)
        }
        keepAlives[destination] = k
    }

    private func sendKeepAlive(_ destination: SIPTransportAddress) {
        switch destination.transport {
        case .udp:
            do { try sendDatagram(Self.pingBytes, to: destination.address) } catch {
                logger.debug("keep-alive to \(destination) not sent: \(error)")
            }
        case .tcp:
            if let c = connections[destination], !c.isInitiator { return }  // the peer's connection: it pings
            do { try sendStream(Self.pingBytes, to: destination, context: nil) } catch {
                logger.debug("keep-alive to \(destination) not sent: \(error)")
                return
            }
            guard let c = connections[destination] else { return }
            c.awaitingPong = true
            let timeout = configuration.keepAlivePongTimeout
            _ = loop.schedule(at: loop.now + timeout) { [weak self, weak c] in
                guard let self, let c, c.awaitingPong, connections[destination] === c else { return }
                logger.notice("no pong from \(destination) within \(timeout): closing")
                closeConnection(c, reason: "no keep-alive pong")
            }
        }
    }
}
