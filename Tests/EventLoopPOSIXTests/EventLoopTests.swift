import Dispatch
import Glibc
import EventLoopPOSIX
import StackCore
import StackTesting
import Synchronization
import Testing

/// Waits (bounded) for the loop to signal; a hung loop fails the test instead of blocking it.
func waitFor(_ semaphore: DispatchSemaphore, seconds: Double = 5) -> Bool {
    semaphore.wait(timeout: .now() + seconds) == .success
}

@Suite struct EventLoopTests {
    @Test func socketAddresses() throws {
        let v4 = try #require(SocketAddress(ip: "127.0.0.1", port: 5060))
        let v6 = try #require(SocketAddress(ip: "::1", port: 5061))
        #expect(v4.description == "127.0.0.1:5060" && v4.family == .ipv4 && v4.port == 5060)
        #expect(v6.description == "[::1]:5061" && v6.family == .ipv6 && v6.ip == "::1")
        #expect(v4.withPort(7) == SocketAddress(ip: "127.0.0.1", port: 7) && v4 != v4.withPort(7))
        #expect(SocketAddress(ip: "2001:DB8::1", port: 1) == SocketAddress(ip: "2001:db8:0::1", port: 1))
        #expect(SocketAddress(ip: "example.com", port: 1) == nil && SocketAddress(ip: "1.2.3", port: 1) == nil)
        #expect(SocketAddress(ip: "[::1]", port: 1) == nil)
    }

    /// Datagrams over IPv4 and IPv6 loopback reach a handler on the loop thread.
    @Test(arguments: ["127.0.0.1", "::1"])
    func udpDatagramsReachTheLoop(ip: String) throws {
        let loop = try EventLoop()
        loop.start()
        defer { loop.shutdown() }
        let receiver = try Socket.udp(bindingTo: #require(SocketAddress(ip: ip, port: 0)))
        let address = try receiver.localAddress()
        let received = Mutex<[String]>([])
        let got = DispatchSemaphore(value: 0)
        let box = UncheckedBox(receiver)
        try loop.execute {
            try? loop.register(box.value.descriptor, interest: .read) { readiness in
                var buffer = [UInt8](repeating: 0, count: 2048)
                while let r = try? buffer.withUnsafeMutableBytes({ try box.value.receive(into: $0) }) {
                    precondition(loop.isInLoop)
                    received.withLock { $0.append(String(decoding: buffer[..<r.count], as: UTF8.self)) }
                    got.signal()
                }
            }
        }
        let sender = try Socket.udp(bindingTo: #require(SocketAddress(ip: ip, port: 0)))
        for text in ["one", "two", "three"] {
            let sent = try Array(text.utf8).withUnsafeBytes { try sender.send($0, to: address) }
            #expect(sent)
        }
        for _ in 0..<3 { #expect(waitFor(got)) }
        #expect(received.withLock { $0 } == ["one", "two", "three"])
    }

    /// Timers run on the loop in deadline order under a manual clock; a cancelled one never runs.
    @Test func timersFollowTheInjectedClock() throws {
        let clock = ManualClock()
        let loop = try EventLoop(clock: clock)
        loop.start()
        defer { loop.shutdown() }
        let fired = Mutex<[String]>([])
        let tick = DispatchSemaphore(value: 0)
        try loop.execute {
            loop.schedule(at: Instant(nanoseconds: 2_000_000)) { fired.withLock { $0.append("2ms") }; tick.signal() }
            loop.schedule(at: Instant(nanoseconds: 1_000_000)) { fired.withLock { $0.append("1ms") }; tick.signal() }
            let h = loop.schedule(at: Instant(nanoseconds: 1_500_000)) { fired.withLock { $0.append("cancelled") } }
            loop.cancel(h)
            tick.signal()
        }
        #expect(waitFor(tick))
        clock.advance(by: .milliseconds(1))
        try loop.execute {}
        #expect(waitFor(tick))
        #expect(fired.withLock { $0 } == ["1ms"])
        clock.advance(by: .milliseconds(5))
        try loop.execute {}
        #expect(waitFor(tick))
        #expect(fired.withLock { $0 } == ["1ms", "2ms"])
    }

    /// TCP: a listener accepts, a connecting socket turns writable, bytes flow; closing shows as a
    /// zero-length read.
    @Test func tcpConnectAcceptAndRead() throws {
        let loop = try EventLoop()
        loop.start()
        defer { loop.shutdown() }
        let listener = try Socket.tcpListener(bindingTo: #require(SocketAddress(ip: "127.0.0.1", port: 0)))
        let address = try listener.localAddress()
        let text = Mutex<String>("")
        let closed = DispatchSemaphore(value: 0)
        let box = UncheckedBox(listener)
        let accepted = UncheckedBox<[Socket]>([])
        try loop.execute {
            try? loop.register(box.value.descriptor, interest: .read) { _ in
                while let (conn, _) = try? box.value.accept() {
                    accepted.value.append(conn)
                    try? loop.register(conn.descriptor, interest: .read) { _ in
                        var buffer = [UInt8](repeating: 0, count: 64)
                        while let n = try? buffer.withUnsafeMutableBytes({ try conn.read(into: $0) }) {
                            if n == 0 { loop.deregister(conn.descriptor); conn.close(); closed.signal(); return }
                            text.withLock { $0 += String(decoding: buffer[..<n], as: UTF8.self) }
                        }
                    }
                }
            }
        }
        let client = try Socket.tcpConnecting(to: address)
        let connected = DispatchSemaphore(value: 0)
        let clientBox = UncheckedBox(client)
        try loop.execute {
            try? loop.register(clientBox.value.descriptor, interest: .write) { readiness in
                precondition(clientBox.value.pendingError() == nil)
                loop.deregister(clientBox.value.descriptor)
                let n = try? Array("hello over tcp".utf8).withUnsafeBytes { try clientBox.value.write($0) }
                precondition(n == 14)
                clientBox.value.close()
                connected.signal()
            }
        }
        #expect(waitFor(connected))
        #expect(waitFor(closed))
        #expect(text.withLock { $0 } == "hello over tcp")
    }

    @Test func connectionRefusedIsReported() throws {
        // Bind then close a listener to find a port nobody listens on.
        let probe = try Socket.tcpListener(bindingTo: #require(SocketAddress(ip: "127.0.0.1", port: 0)))
        let address = try probe.localAddress()
        probe.close()
        let loop = try EventLoop()
        loop.start()
        defer { loop.shutdown() }
        let result = Mutex<IOError?>(nil)
        let done = DispatchSemaphore(value: 0)
        let box = UncheckedBox(try Socket.tcpConnecting(to: address))
        try loop.execute {
            try? loop.register(box.value.descriptor, interest: .write) { _ in
                result.withLock { $0 = box.value.pendingError() }
                loop.deregister(box.value.descriptor)
                done.signal()
            }
        }
        #expect(waitFor(done))
        #expect(result.withLock { $0 }?.errno == ECONNREFUSED)
    }

    @Test func shutdownRefusesWork() throws {
        let loop = try EventLoop()
        loop.start()
        let ran = DispatchSemaphore(value: 0)
        try loop.execute { ran.signal() }
        #expect(waitFor(ran))
        loop.shutdown()
        loop.shutdown()
        #expect(throws: EventLoopError.shutDown) { try loop.execute {} }
    }

    @Test func syscallErrorsNameTheCall() throws {
        let a = try #require(SocketAddress(ip: "127.0.0.1", port: 0))
        let first = try Socket.udp(bindingTo: a)
        let taken = try first.localAddress()
        #expect(throws: IOError(call: "bind(\(taken))", errno: EADDRINUSE)) { try Socket.udp(bindingTo: taken) }
        #expect(IOError(call: "sendto", errno: ECONNREFUSED).description.contains("sendto failed: errno \(ECONNREFUSED)"))
    }
}


extension EventLoopTests {
    @Test func runAndWaitReturnsResultsAndErrors() throws {
        let loop = try EventLoop()
        loop.start()
        defer { loop.shutdown() }
        #expect(try loop.runAndWait { loop.isInLoop ? 42 : 0 } == 42)
        // Nested on the loop thread it runs at once instead of deadlocking.
        #expect(try loop.runAndWait { try loop.runAndWait { 7 } } == 7)
        struct Boom: Error, Equatable {}
        #expect(throws: Boom()) { try loop.runAndWait { throw Boom() } }
    }
}
