import EventLoopPOSIX
import SIPMessage
import StackCore

/// Limits and options of a ``SIPTransportLayer``.
public struct SIPTransportConfiguration: Sendable {
    /// The most TCP connections open at once (inbound and outbound); past it, new ones are refused.
    public var maxConnections = 1024
    /// A connection with nothing to write and no traffic for this long is closed.
    public var idleTimeout: Duration = .seconds(64)
    /// The most bytes queued for writing on one connection; past it, sends fail with
    /// ``SIPTransportError/writeQueueFull(limit:)`` (backpressure).
    public var maxQueuedBytesPerConnection = 1 << 20
    /// How long a keep-alive ping on TCP waits for its pong before the connection is closed
    /// (RFC 5626 §4.4.1: 10 s).
    public var keepAlivePongTimeout: Duration = .seconds(10)
    /// Limits applied when parsing what arrives.
    public var parserLimits = SIPParserLimits.default
    /// Log every message sent and received at `info` level with its bytes (a SIP trace).
    public var trace = false
    /// Host names the transaction user puts in Via sent-by (besides the listening addresses), so that
    /// responses naming them are accepted (§18.1.2).
    public var sentByNames: [String] = []

    /// The defaults.
    public init() {}
}

/// Why the transport layer could not do what was asked.
public enum SIPTransportError: Error, Sendable, Hashable {
    /// No listening socket of this protocol and family to send from.
    case noListener(SIPTransportProtocol, SocketAddress.Family)
    /// `maxConnections` connections are open already.
    case tooManyConnections(limit: Int)
    /// The connection's write queue is full.
    case writeQueueFull(limit: Int)
    /// The response's Via gives no address to send it to without DNS.
    case unroutable
    /// The layer is closed.
    case closed
    /// A system call failed.
    case io(IOError)
}

/// What the transport layer reports to its user (the stack runtime), on the loop thread.
public enum SIPTransportEvent: Sendable {
    /// A message arrived. Requests have their top Via stamped per §18.2.1 and RFC 3581.
    case message(SIPMessage, from: SIPTransportAddress)
    /// A send accepted earlier failed later (a connect or write error); `context` is what the sender
    /// passed.
    case sendFailed(context: UInt64, to: SIPTransportAddress, IOError)
    /// A connection closed (by the peer, an error, or idleness).
    case connectionClosed(SIPTransportAddress)
}
