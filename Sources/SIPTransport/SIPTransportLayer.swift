#if canImport(Glibc)
import Glibc
#endif
import EventLoopPOSIX
import Logging
import SIPMessage
import StackCore

/// UDP and TCP listeners and connections on one event loop: frames and parses what arrives, applies
/// the rules of RFC 3261 §18 (``SIPTransportRules``), and sends messages, reusing connections by remote
/// address.
///
/// Confined to its loop's thread, like every runtime object (ARCHITECTURE.md): call it only from code
/// running on ``EventLoop`` (``EventLoop/execute(_:)`` gets there). Debug builds check this.
public final class SIPTransportLayer: @unchecked Sendable {
    /// The loop it runs on.
    public let loop: EventLoop
    /// Limits and options.
    public let configuration: SIPTransportConfiguration
    /// Where events go; set it before listening.
    public var onEvent: ((SIPTransportEvent) -> Void)?
    var logger: Logger
    private var udpSockets: [SocketAddress.Family: Socket] = [:]
    private var listeners: [SocketAddress.Family: Socket] = [:]
    var connections: [SIPTransportAddress: StreamConnection] = [:]
    private var receiveBuffer = [UInt8](repeating: 0, count: 65_536)
    private var sweep: TimerQueue<() -> Void>.Handle?
    var isClosed = false
    /// Where we listen, for the §18.1.2 sent-by check.
    private var listeningAddresses: [SocketAddress] = []
    /// Destinations kept alive (RFC 5626 §3.5.1, §4.4.1), with their next ping.
    var keepAlives: [SIPTransportAddress: KeepAlive] = [:]
    /// Draws the jitter of the keep-alive intervals.
    var random: any RandomSource

    /// A transport layer on `loop`, logging to `logger`.
    public init(loop: EventLoop, configuration: SIPTransportConfiguration = SIPTransportConfiguration(),
                logger: Logger = Logger(label: "sip.transport"), random: any RandomSource = SystemRandomSource())
    {
        self.loop = loop
        self.configuration = configuration
        self.logger = logger
        self.random = random
    }

    /// How many TCP connections are open.
    public var connectionCount: Int { connections.count }

    /// The addresses of the open TCP connections.
    public var connectedPeers: [SIPTransportAddress] { Array(connections.keys) }

    // MARK: Listening

    /// Listens for `transport` on `address` (port 0 picks one) and returns the bound address.
    @discardableResult
    public func listen(_ transport: SIPTransportProtocol, on address: SocketAddress) throws(SIPTransportError) -> SocketAddress {
        guard !isClosed else { throw .closed }
        do {
            switch transport {
            case .udp:
                let socket = try Socket.udp(bindingTo: address, receiveBuffer: 1 << 20)
                try loop.register(socket.descriptor, interest: .read) { [unowned self] _ in self.readDatagrams(socket) }
                udpSockets[address.family] = socket
                let bound = try socket.localAddress()
                listeningAddresses.append(bound)
                return bound
            case .tcp:
                let socket = try Socket.tcpListener(bindingTo: address)
                try loop.register(socket.descriptor, interest: .read) { [unowned self] _ in self.acceptConnections(socket) }
                listeners[address.family] = socket
                scheduleSweep()
                let bound = try socket.localAddress()
                listeningAddresses.append(bound)
                return bound
            }
        } catch {
            throw .io(error)
        }
    }

    /// Closes every socket and connection.
    public func close() {
        isClosed = true
        if let sweep { loop.cancel(sweep) }
        stopAllKeepAlives()
        for s in Array(udpSockets.values) + Array(listeners.values) {
            loop.deregister(s.descriptor)
            s.close()
        }
        udpSockets.removeAll()
        listeners.removeAll()
        for c in Array(connections.values) { closeConnection(c, reason: "layer closed") }
    }

    // MARK: Sending

    /// Sends `message` to `destination`. A request over 1300 bytes bound for UDP goes over TCP instead,
    /// with its Via saying so (§18.1.1). A failure found later is reported as
    /// ``SIPTransportEvent/sendFailed(context:to:_:)`` with `context`.
    public func send(_ message: SIPMessage, to destination: SIPTransportAddress, context: UInt64? = nil) throws(SIPTransportError) {
        guard !isClosed else { throw .closed }
        var message = message
        var destination = destination
        var bytes = message.serialized()
        if message.isRequest, SIPTransportRules.transport(forRequestOfSize: bytes.count, preferred: destination.transport) == .tcp,
           destination.transport == .udp, listeners[destination.address.family] != nil
        {
            destination.transport = .tcp
            if let via = message.topVia, let tcpVia = try? via.replacingTransport("TCP") {
                message.replaceTopVia(tcpVia)
                bytes = message.serialized()
            }
        }
        traceMessage("sent to", destination, bytes)
        switch destination.transport {
        case .udp: try sendDatagram(bytes, to: destination.address)
        case .tcp: try sendStream(bytes, to: destination, context: context)
        }
    }

    /// Sends a response to the request that came from `source`, routed per §18.2.2 and RFC 3581.
    public func sendResponse(_ response: SIPMessage, toRequestFrom source: SIPTransportAddress, context: UInt64? = nil) throws(SIPTransportError) {
        let open = !source.transport.isReliable || connections[source] != nil
        guard let destination = SIPTransportRules.responseDestination(response, source: source, connectionOpen: open) else {
            throw .unroutable
        }
        if !open { logger.debug("connection \(source) closed; response goes over a new one to \(destination)") }
        try send(response, to: destination, context: context)
    }

    func sendDatagram(_ bytes: [UInt8], to address: SocketAddress) throws(SIPTransportError) {
        guard let socket = udpSockets[address.family] else { throw .noListener(.udp, address.family) }
        do {
            let sent = try socket.send(bytes, to: address)
            if !sent { logger.warning("UDP send buffer full; datagram to \(address) dropped") }
        } catch {
            throw .io(error)
        }
    }

    func sendStream(_ bytes: [UInt8], to destination: SIPTransportAddress, context: UInt64?) throws(SIPTransportError) {
        let connection: StreamConnection
        if let existing = connections[destination] {
            connection = existing
        } else {
            connection = try connect(to: destination)
        }
        guard connection.enqueue(bytes, context: context, limit: configuration.maxQueuedBytesPerConnection) else {
            throw .writeQueueFull(limit: configuration.maxQueuedBytesPerConnection)
        }
        connection.lastActivity = loop.now
        if connection.state == .open { flush(connection) }
    }

    private func connect(to destination: SIPTransportAddress) throws(SIPTransportError) -> StreamConnection {
        guard connections.count < configuration.maxConnections else { throw .tooManyConnections(limit: configuration.maxConnections) }
        do {
            let socket = try Socket.tcpConnecting(to: destination.address)
            let c = StreamConnection(socket: socket, remote: destination, state: .connecting, role: .initiator,
                                     limits: configuration.parserLimits, now: loop.now)
            try loop.register(socket.descriptor, interest: [.read, .write]) { [unowned self, unowned c] r in self.connectionReady(c, r) }
            connections[destination] = c
            scheduleSweep()
            logger.debug("connecting to \(destination)")
            return c
        } catch {
            throw .io(error)
        }
    }

    // MARK: Receiving

    private func readDatagrams(_ socket: Socket) {
        // Bounded per wake-up so one busy socket cannot starve the others.
        for _ in 0..<64 {
            let r: (count: Int, from: SocketAddress, truncated: Bool)?
            do {
                r = try socket.receive(into: &receiveBuffer)
            } catch {
                // ICMP errors surface here on Linux (ECONNREFUSED); they concern an earlier send.
                logger.debug("UDP receive: \(error)")
                continue
            }
            guard let r else { return }
            if r.truncated {
                logger.notice("datagram from \(r.from) over \(receiveBuffer.count) bytes dropped")
                continue
            }
            handleDatagram(receiveBuffer[0..<r.count], from: r.from)
        }
    }

    private func handleDatagram(_ bytes: ArraySlice<UInt8>, from address: SocketAddress) {
        let source = SIPTransportAddress(.udp, address)
        // RFC 5626 §4.4.1 keep-alives (CRLF) and STUN on the SIP port carry no message.
        if bytes.allSatisfy({ $0 == 0x0D || $0 == 0x0A }) { return }
        let owned = Array(bytes)
        traceMessage("received from", source, owned)
        do {
            let message = try SIPMessage(parsing: owned, framing: .datagram, limits: configuration.parserLimits)
            deliver(message, from: source)
        } catch {
            logger.notice("unparseable datagram from \(address) dropped: \(error)")
            if let reject = SIPTransportRules.badRequestResponse(to: owned[...], error: error) {
                try? sendResponse(SIPTransportRules.stampReceived(reject, source: address), toRequestFrom: source)
            }
        }
    }


    private func deliver(_ message: SIPMessage, from source: SIPTransportAddress) {
        if !message.isRequest {
            guard SIPTransportRules.sentByIsOurs(message, listening: listeningAddresses, names: configuration.sentByNames) else {
                logger.notice("response from \(source) with a Via sent-by that is not ours dropped (§18.1.2)")
                return
            }
        }
        let stamped = message.isRequest ? SIPTransportRules.stampReceived(message, source: source.address) : message
        onEvent?(.message(stamped, from: source))
    }

    private func acceptConnections(_ listener: Socket) {
        while true {
            let accepted: (Socket, SocketAddress)?
            do {
                accepted = try listener.accept()
            } catch {
                logger.warning("accept: \(error)")
                return
            }
            guard let (socket, address) = accepted else { return }
            let remote = SIPTransportAddress(.tcp, address)
            guard connections.count < configuration.maxConnections, connections[remote] == nil else {
                logger.warning("connection from \(address) refused: \(connections.count) open (limit \(configuration.maxConnections))")
                socket.close()
                continue
            }
            let c = StreamConnection(socket: socket, remote: remote, state: .open, role: .acceptor,
                                     limits: configuration.parserLimits, now: loop.now)
            do {
                try loop.register(socket.descriptor, interest: .read) { [unowned self, unowned c] r in self.connectionReady(c, r) }
            } catch {
                logger.warning("register: \(error)")
                continue
            }
            connections[remote] = c
            logger.debug("accepted \(remote)")
        }
    }

    private func connectionReady(_ c: StreamConnection, _ readiness: IOReadiness) {
        if c.state == .connecting {
            guard readiness.contains(.writable) || readiness.contains(.failed) else { return }
            if let error = c.socket.pendingError() {
                failConnection(c, error)
                return
            }
            c.state = .open
            logger.debug("connected to \(c.remote)")
        }
        if readiness.contains(.writable) { flush(c) }
        if readiness.contains(.readable) || readiness.contains(.failed) { readStream(c) }
    }

    private func flush(_ c: StreamConnection) {
        do {
            let empty = try c.flush()
            try? loop.setInterest(c.socket.descriptor, empty ? .read : [.read, .write])
        } catch {
            failConnection(c, error)
        }
    }

    private func readStream(_ c: StreamConnection) {
        guard connections[c.remote] === c else { return }
        var total = 0
        while total < 1 << 20 {
            let n: Int?
            do {
                n = try c.socket.read(into: &receiveBuffer)
            } catch {
                failConnection(c, error)
                return
            }
            guard let n else { break }
            if n == 0 {
                closeConnection(c, reason: "closed by peer")
                return
            }
            total += n
            c.lastActivity = loop.now
            do {
                try c.framer.append(receiveBuffer[0..<n])
                while let event = try c.framer.next() {
                    switch event {
                    case .message(let m):
                        traceMessage("received from", c.remote, m.serialized())
                        deliver(m, from: c.remote)
                    case .ping:
                        _ = c.enqueue([0x0D, 0x0A], context: nil, limit: configuration.maxQueuedBytesPerConnection)
                        flush(c)
                    case .pong:
                        c.awaitingPong = false
                    }
                    guard connections[c.remote] === c else { return }
                }
            } catch {
                // Framing cannot recover on a stream (RFC 4475 §3.1.2.2): close.
                logger.notice("closing \(c.remote): \(error)")
                closeConnection(c, reason: "framing error")
                return
            }
        }
    }

    private func failConnection(_ c: StreamConnection, _ error: IOError) {
        logger.notice("connection \(c.remote) failed: \(error)")
        for context in c.drop() { onEvent?(.sendFailed(context: context, to: c.remote, error)) }
        closeConnection(c, reason: error.description)
    }

    func closeConnection(_ c: StreamConnection, reason: String) {
        guard connections[c.remote] === c else { return }
        connections[c.remote] = nil
        let lost = c.drop()
        loop.deregister(c.socket.descriptor)
        c.socket.close()
        logger.debug("closed \(c.remote): \(reason)")
        for context in lost { onEvent?(.sendFailed(context: context, to: c.remote, IOError(call: "close", errno: ECONNRESET))) }
        onEvent?(.connectionClosed(c.remote))
    }

    // MARK: Idle connections

    private func scheduleSweep() {
        guard sweep == nil, !isClosed else { return }
        let period = max(configuration.idleTimeout / 4, .milliseconds(10))
        sweep = loop.schedule(at: loop.now + period) { [unowned self] in
            sweep = nil
            let limit = loop.now
            for c in Array(connections.values) where !c.hasPendingWrites && keepAlives[c.remote] == nil
                && c.lastActivity + configuration.idleTimeout <= limit {
                closeConnection(c, reason: "idle")
            }
            if !connections.isEmpty || !listeners.isEmpty { scheduleSweep() }
        }
    }

    // MARK: Trace

    /// Logs a message at `info` with its text when tracing, else at `trace` with its size; the bytes
    /// are only produced when a line is written.
    private func traceMessage(_ direction: String, _ peer: SIPTransportAddress, _ bytes: @autoclosure () -> [UInt8]) {
        if configuration.trace {
            let b = bytes()
            logger.info("\(direction) \(peer) (\(b.count) bytes):\n\(String(decoding: b, as: UTF8.self))")
        } else if logger.logLevel <= .trace {
            logger.trace("\(direction) \(peer), \(bytes().count) bytes")
        }
    }
}
