#if canImport(Glibc)
import Glibc
#endif

/// A non-blocking socket that owns its file descriptor and closes it when closed or released.
///
/// Not thread-safe: a socket belongs to the event loop that serves it.
public final class Socket {
    /// The file descriptor, or −1 once closed.
    public private(set) var descriptor: Int32
    /// The family of the socket's addresses.
    public let family: SocketAddress.Family

    private init(descriptor: Int32, family: SocketAddress.Family) {
        self.descriptor = descriptor
        self.family = family
    }

    deinit { close() }

    /// Closes the descriptor (once).
    public func close() {
        if descriptor >= 0 { _ = Glibc.close(descriptor) }
        descriptor = -1
    }

    private static func make(_ family: SocketAddress.Family, _ type: Int32) throws(IOError) -> Socket {
        let domain = family == .ipv4 ? AF_INET : AF_INET6
        let fd = try Syscall.must("socket") { Glibc.socket(domain, type | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
        let s = Socket(descriptor: fd, family: family)
        if family == .ipv6 { try s.setOption(Int32(IPPROTO_IPV6), IPV6_V6ONLY, 1, "setsockopt(IPV6_V6ONLY)") }
        return s
    }

    private func setOption(_ level: Int32, _ name: Int32, _ value: Int32, _ call: String) throws(IOError) {
        var v = value
        try Syscall.must(call) { setsockopt(descriptor, level, name, &v, socklen_t(MemoryLayout<Int32>.size)) }
    }

    private func bind(_ address: SocketAddress) throws(IOError) {
        try Syscall.must("bind(\(address))") { address.withSockAddr { Glibc.bind(descriptor, $0, $1) } }
    }

    /// A UDP socket bound to `address` (port 0 picks a free port). `receiveBuffer` sets SO_RCVBUF.
    public static func udp(bindingTo address: SocketAddress, receiveBuffer: Int32? = nil) throws(IOError) -> Socket {
        let s = try make(address.family, Int32(SOCK_DGRAM.rawValue))
        if let receiveBuffer { try s.setOption(SOL_SOCKET, SO_RCVBUF, receiveBuffer, "setsockopt(SO_RCVBUF)") }
        try s.bind(address)
        return s
    }

    /// A TCP socket listening on `address`.
    public static func tcpListener(bindingTo address: SocketAddress, backlog: Int32 = 128) throws(IOError) -> Socket {
        let s = try make(address.family, Int32(SOCK_STREAM.rawValue))
        try s.setOption(SOL_SOCKET, SO_REUSEADDR, 1, "setsockopt(SO_REUSEADDR)")
        try s.bind(address)
        try Syscall.must("listen") { Glibc.listen(s.descriptor, backlog) }
        return s
    }

    /// A TCP socket connecting to `address`; the connection completes when the socket turns writable
    /// (then check ``pendingError()``).
    public static func tcpConnecting(to address: SocketAddress) throws(IOError) -> Socket {
        let s = try make(address.family, Int32(SOCK_STREAM.rawValue))
        try s.setOption(Int32(IPPROTO_TCP), TCP_NODELAY, 1, "setsockopt(TCP_NODELAY)")
        _ = try Syscall.run("connect(\(address))") { address.withSockAddr { Glibc.connect(s.descriptor, $0, $1) } }
        return s
    }

    /// Accepts one connection, or nil when none is waiting.
    public func accept() throws(IOError) -> (Socket, SocketAddress)? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = try Syscall.run("accept") {
            withUnsafeMutablePointer(to: &storage) { p in
                p.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.accept(descriptor, $0, &length)
                }
            }
        }
        guard case .done(let fd) = result else { return nil }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        let s = Socket(descriptor: fd, family: family)
        guard let peer = SocketAddress(storage: storage) else { s.close(); return nil }
        try? s.setOption(Int32(IPPROTO_TCP), TCP_NODELAY, 1, "setsockopt(TCP_NODELAY)")
        return (s, peer)
    }

    /// The address the socket is bound to.
    public func localAddress() throws(IOError) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        try Syscall.must("getsockname") {
            withUnsafeMutablePointer(to: &storage) { p in
                p.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
            }
        }
        guard let a = SocketAddress(storage: storage) else { throw IOError(call: "getsockname", errno: EAFNOSUPPORT) }
        return a
    }

    /// The error of a finished non-blocking connect (SO_ERROR), or nil when it succeeded.
    public func pendingError() -> IOError? {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &value, &length) == 0 else {
            return IOError(call: "getsockopt(SO_ERROR)", errno: errno)
        }
        return value == 0 ? nil : IOError(call: "connect", errno: value)
    }

    /// Receives one datagram into `buffer`; returns its length and sender, or nil when none is waiting.
    /// A datagram longer than the buffer is truncated and reported with `truncated`.
    public func receive(into buffer: UnsafeMutableRawBufferPointer) throws(IOError) -> (count: Int, from: SocketAddress, truncated: Bool)? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = try Syscall.run("recvfrom") {
            withUnsafeMutablePointer(to: &storage) { p in
                p.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    recvfrom(descriptor, buffer.baseAddress, buffer.count, Int32(MSG_TRUNC), $0, &length)
                }
            }
        }
        guard case .done(let n) = result, let from = SocketAddress(storage: storage) else { return nil }
        return (min(n, buffer.count), from, n > buffer.count)
    }

    /// Sends one datagram; false when the socket buffer is full.
    public func send(_ bytes: UnsafeRawBufferPointer, to address: SocketAddress) throws(IOError) -> Bool {
        let result = try Syscall.run("sendto(\(address))") {
            address.withSockAddr { sendto(descriptor, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL), $0, $1) }
        }
        return result != .wouldBlock
    }

    /// Reads stream bytes; 0 means the peer closed, nil that nothing is waiting.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(IOError) -> Int? {
        guard case .done(let n) = try Syscall.run("read", { Glibc.read(descriptor, buffer.baseAddress, buffer.count) }) else { return nil }
        return n
    }

    /// Writes stream bytes; returns how many went out (0 when the socket buffer is full).
    public func write(_ bytes: UnsafeRawBufferPointer) throws(IOError) -> Int {
        guard case .done(let n) = try Syscall.run("send", { Glibc.send(descriptor, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL)) }) else { return 0 }
        return n
    }
}

extension Socket {
    /// Sends one datagram of `bytes`; false when the socket buffer is full.
    public func send(_ bytes: [UInt8], to address: SocketAddress) throws(IOError) -> Bool {
        try bytes.withUnsafeBytes { raw in Result { () throws(IOError) in try send(raw, to: address) } }.get()
    }

    /// Receives one datagram into `buffer`.
    public func receive(into buffer: inout [UInt8]) throws(IOError) -> (count: Int, from: SocketAddress, truncated: Bool)? {
        try buffer.withUnsafeMutableBytes { raw in Result { () throws(IOError) in try receive(into: raw) } }.get()
    }

    /// Writes stream bytes from `bytes`; returns how many went out.
    public func write(_ bytes: ArraySlice<UInt8>) throws(IOError) -> Int {
        try bytes.withUnsafeBytes { raw in Result { () throws(IOError) in try write(raw) } }.get()
    }

    /// Reads stream bytes into `buffer`; 0 means the peer closed, nil that nothing is waiting.
    public func read(into buffer: inout [UInt8]) throws(IOError) -> Int? {
        try buffer.withUnsafeMutableBytes { raw in Result { () throws(IOError) in try read(into: raw) } }.get()
    }
}
