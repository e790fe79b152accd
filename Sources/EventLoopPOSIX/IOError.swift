#if canImport(Glibc)
import Glibc
#endif

/// A failed system call: which call, and the `errno` it left.
public struct IOError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The call, such as `"sendto"` or `"epoll_ctl(ADD)"`.
    public let call: String
    /// The error number.
    public let errno: Int32

    /// An error for `call` with `errno`.
    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    /// The call, the number and the system's text for it.
    public var description: String { "\(call) failed: errno \(errno) (\(String(cString: strerror(errno))))" }
}

/// The result of a non-blocking system call.
public enum IOResult<Value: Sendable>: Sendable {
    /// The call did its work and returned this.
    case done(Value)
    /// The call would have blocked (EAGAIN / EWOULDBLOCK, or EINPROGRESS for connect).
    case wouldBlock
}

extension IOResult: Equatable where Value: Equatable {}

/// Runs system calls the way every socket call here needs: retried on EINTR, `wouldBlock` on EAGAIN,
/// and any other failure thrown as an ``IOError`` naming the call.
public enum Syscall {
    /// Runs `body` (which returns −1 and sets errno on failure).
    @inline(__always)
    public static func run<T: BinaryInteger & Sendable>(_ call: @autoclosure () -> String, _ body: () -> T) throws(IOError) -> IOResult<T> {
        while true {
            let result = body()
            if result != -1 { return .done(result) }
            let e = Glibc.errno
            switch e {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK, EINPROGRESS: return .wouldBlock
            default: throw IOError(call: call(), errno: e)
            }
        }
    }

    /// Runs `body` and throws on any failure, EAGAIN included (for calls that never block).
    @inline(__always)
    @discardableResult
    public static func must<T: BinaryInteger & Sendable>(_ call: @autoclosure () -> String, _ body: () -> T) throws(IOError) -> T {
        while true {
            let result = body()
            if result != -1 { return result }
            let e = Glibc.errno
            if e == EINTR { continue }
            throw IOError(call: call(), errno: e)
        }
    }
}
