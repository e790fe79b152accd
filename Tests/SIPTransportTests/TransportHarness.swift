import Dispatch
import EventLoopPOSIX
import Logging
import SIPMessage
import SIPTransport
import StackCore
import StackTesting
import Synchronization


/// A transport layer on its own running loop, with every event recorded and a semaphore per event,
/// so tests wait (bounded) for what happens instead of sleeping.
final class TransportHarness: @unchecked Sendable {
    let loop: EventLoop
    let layer: SIPTransportLayer
    private let events = Mutex<[SIPTransportEvent]>([])
    private let arrived = DispatchSemaphore(value: 0)
    private(set) var udp: SocketAddress!
    private(set) var tcp: SocketAddress!

    init(ip: String = "127.0.0.1", configuration: SIPTransportConfiguration = SIPTransportConfiguration(), listen: Bool = true,
         logger: Logger? = nil) throws
    {
        loop = try EventLoop()
        loop.start()
        var quiet = Logger(label: "test")
        quiet.logLevel = .error
        let logger = logger ?? quiet
        layer = SIPTransportLayer(loop: loop, configuration: configuration, logger: logger)
        try onLoop { [self] in
            layer.onEvent = { [self] event in
                events.withLock { $0.append(event) }
                arrived.signal()
            }
            if listen {
                // TCP first on a free port, then UDP on the same number.
                tcp = try layer.listen(.tcp, on: SocketAddress(ip: ip, port: 0)!)
                udp = try layer.listen(.udp, on: tcp)
            }
        }
    }

    deinit {
        try? onLoop { [layer] in layer.close() }
        loop.shutdown()
    }

    func onLoop<T>(_ body: @escaping () throws -> T) throws -> T { try loop.runAndWait(body) }

    /// Waits for the next event (bounded) and returns it.
    func nextEvent(seconds: Double = 5) throws -> SIPTransportEvent {
        guard arrived.wait(timeout: .now() + seconds) == .success else { throw EventLoopError.timedOut }
        return events.withLock { $0.removeFirst() }
    }

    /// Waits for the next message event.
    func nextMessage() throws -> (SIPMessage, SIPTransportAddress) {
        while true {
            if case .message(let m, let from) = try nextEvent() { return (m, from) }
        }
    }
}


/// A plain UDP socket playing a remote SIP endpoint, with bounded blocking receive.
final class RawUDPPeer {
    let socket: Socket
    let address: SocketAddress

    init(ip: String = "127.0.0.1") throws {
        socket = try Socket.udp(bindingTo: SocketAddress(ip: ip, port: 0)!)
        address = try socket.localAddress()
    }

    func send(_ text: String, to: SocketAddress) throws {
        _ = try socket.send(Array(text.utf8), to: to)
    }

    /// Receives one datagram, polling the socket for at most `seconds`.
    func receive(seconds: Double = 5) throws -> String? {
        var p = pollfd(fd: socket.descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&p, 1, Int32(seconds * 1000)) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        guard let r = try socket.receive(into: &buffer) else { return nil }
        return String(decoding: buffer[..<r.count], as: UTF8.self)
    }
}

#if canImport(Glibc)
import Glibc
#endif

enum Requests {
    static func options(via: String, callID: String = "t-1", padding: Int = 0) -> String {
        let pad = padding > 0 ? "X-Pad: \(String(repeating: "p", count: padding))\r\n" : ""
        return "OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\nVia: \(via)\r\nMax-Forwards: 70\r\nTo: <sip:bob@127.0.0.1>\r\nFrom: <sip:alice@127.0.0.1>;tag=1\r\nCall-ID: \(callID)\r\nCSeq: 1 OPTIONS\r\n\(pad)Content-Length: 0\r\n\r\n"
    }
}

/// Collects the messages logged at info level and above through a `Logger` it makes.
final class CapturedLog: @unchecked Sendable {
    private let lines = Mutex<[String]>([])
    var entries: [String] { lines.withLock { $0 } }

    func logger() -> Logger {
        Logger(label: "captured") { _ in Handler(sink: self) }
    }

    struct Handler: LogHandler {
        let sink: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            sink.lines.withLock { $0.append(event.message.description) }
        }
    }
}
