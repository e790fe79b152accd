#if canImport(Glibc)
import Glibc
#endif

/// An IPv4 or IPv6 socket address (address and port), stored as the kernel wants it.
public struct SocketAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address family.
    public enum Family: Sendable, Hashable { case ipv4, ipv6 }

    private var storage: sockaddr_storage
    /// The family.
    public let family: Family

    /// An address from its text (`127.0.0.1`, `::1`, without brackets) and a port; nil when the text
    /// is not an IP address.
    public init?(ip: String, port: UInt16) {
        var s = sockaddr_storage()
        if ip.contains(":") {
            var a = sockaddr_in6()
            a.sin6_family = sa_family_t(AF_INET6)
            a.sin6_port = port.bigEndian
            guard inet_pton(AF_INET6, ip, &a.sin6_addr) == 1 else { return nil }
            withUnsafeBytes(of: a) { src in withUnsafeMutableBytes(of: &s) { $0.copyMemory(from: src) } }
            family = .ipv6
        } else {
            var a = sockaddr_in()
            a.sin_family = sa_family_t(AF_INET)
            a.sin_port = port.bigEndian
            guard inet_pton(AF_INET, ip, &a.sin_addr) == 1 else { return nil }
            withUnsafeBytes(of: a) { src in withUnsafeMutableBytes(of: &s) { $0.copyMemory(from: src) } }
            family = .ipv4
        }
        storage = s
    }

    /// An address from what the kernel filled in; nil for families other than IPv4 and IPv6.
    public init?(storage: sockaddr_storage) {
        switch Int32(storage.ss_family) {
        case AF_INET: family = .ipv4
        case AF_INET6: family = .ipv6
        default: return nil
        }
        var s = sockaddr_storage()
        let n = family == .ipv4 ? MemoryLayout<sockaddr_in>.size : MemoryLayout<sockaddr_in6>.size
        withUnsafeBytes(of: storage) { src in
            withUnsafeMutableBytes(of: &s) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: src[0..<n])) }
        }
        self.storage = s
    }

    private static func length(_ family: Family) -> Int {
        family == .ipv4 ? MemoryLayout<sockaddr_in>.size : MemoryLayout<sockaddr_in6>.size
    }

    /// The length the kernel expects with this address.
    public var length: socklen_t { socklen_t(Self.length(family)) }

    /// The port.
    public var port: UInt16 {
        withUnsafeBytes(of: storage) { raw in
            family == .ipv4 ? UInt16(bigEndian: raw.load(as: sockaddr_in.self).sin_port)
                            : UInt16(bigEndian: raw.load(as: sockaddr_in6.self).sin6_port)
        }
    }

    /// The address as text, without brackets (`192.0.2.1`, `::1`).
    public var ip: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        withUnsafeBytes(of: storage) { raw in
            if family == .ipv4 {
                var a = raw.load(as: sockaddr_in.self).sin_addr
                _ = inet_ntop(AF_INET, &a, &buffer, socklen_t(buffer.count))
            } else {
                var a = raw.load(as: sockaddr_in6.self).sin6_addr
                _ = inet_ntop(AF_INET6, &a, &buffer, socklen_t(buffer.count))
            }
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// True for 0.0.0.0 and ::, which listen on every local address.
    public var isWildcard: Bool { ip == "0.0.0.0" || ip == "::" }

    /// The same address with another port.
    public func withPort(_ port: UInt16) -> SocketAddress {
        var copy = self
        withUnsafeMutableBytes(of: &copy.storage) { raw in
            // sin_port and sin6_port sit at the same offset, right after the family.
            raw.storeBytes(of: port.bigEndian, toByteOffset: MemoryLayout<sa_family_t>.size, as: UInt16.self)
        }
        return copy
    }

    /// `192.0.2.1:5060` or `[::1]:5060`.
    public var description: String { family == .ipv4 ? "\(ip):\(port)" : "[\(ip)]:\(port)" }

    /// Calls `body` with the address as a `sockaddr` pointer and its length.
    public func withSockAddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) throws -> R) rethrows -> R {
        var s = storage
        return try withUnsafePointer(to: &s) { p in
            try p.withMemoryRebound(to: sockaddr.self, capacity: 1) { try body($0, length) }
        }
    }

    public static func == (a: SocketAddress, b: SocketAddress) -> Bool {
        guard a.family == b.family else { return false }
        let n = Self.length(a.family)
        return withUnsafeBytes(of: a.storage) { x in withUnsafeBytes(of: b.storage) { y in x.prefix(n).elementsEqual(y.prefix(n)) } }
    }

    public func hash(into hasher: inout Hasher) {
        withUnsafeBytes(of: storage) { hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: $0.prefix(Self.length(family)))) }
    }
}
