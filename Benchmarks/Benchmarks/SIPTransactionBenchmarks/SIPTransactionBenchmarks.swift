import Benchmark
import Dispatch
import EventLoopPOSIX
import Foundation
import SIPMessage
import SIPTransaction
import SIPTransport
import Softphone
import StackCore

/// Issue 3's figures: non-INVITE transactions per second through the client and server layers over
/// loopback UDP, and the cost of matching a message against 10 000 open transactions.
/// `BENCHMARK_SMOKE=1` runs each briefly, for CI.
let benchmarks: @Sendable () -> Void = {
    let smoke = ProcessInfo.processInfo.environment["BENCHMARK_SMOKE"] == "1"
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: smoke ? 10 : 1_000,
        maxDuration: smoke ? .milliseconds(100) : .seconds(2),
        maxIterations: smoke ? 1_000 : 1_000_000)

    // MARK: Matching among 10 000 open transactions (pure layer)

    // The same lookups in a table of 10 and of 10 000 open transactions each way: the cost must not
    // grow with the table.
    for open in [10, 10_000] {
        var layer = TransactionLayer<Int>()
        var out: [TransactionOutput<Int>] = []
        for i in 0..<open {
            // Unanswered server transactions (Trying) and client transactions (Trying, no timers run).
            layer.receive(Requests.options(branch: "z9hG4bK-s\(i)"), from: 1, reliable: false, now: .zero, into: &out)
            _ = try? layer.send(Requests.options(branch: "z9hG4bK-c\(i)"), to: 2, reliable: true, now: .zero, into: &out)
        }
        guard layer.count == 2 * open else { fatalError("setup: \(layer.count) transactions") }
        let retransmission = Requests.options(branch: "z9hG4bK-s\(open / 2)")
        let provisional = Requests.options(branch: "z9hG4bK-c\(open / 2)").makeResponse(status: .trying)
        let stray = Requests.options(branch: "z9hG4bK-none").makeResponse(status: .ok)
        let matchLayer = UncheckedBox(layer)

        Benchmark("match a request retransmission, \(open) open server transactions") { benchmark in
            var out: [TransactionOutput<Int>] = []
            out.reserveCapacity(8)
            for _ in benchmark.scaledIterations {
                matchLayer.value.receive(retransmission, from: 1, reliable: false, now: .zero, into: &out)
                out.removeAll(keepingCapacity: true)
            }
        }
        Benchmark("match a response, \(open) open client transactions") { benchmark in
            var out: [TransactionOutput<Int>] = []
            out.reserveCapacity(8)
            for _ in benchmark.scaledIterations {
                matchLayer.value.receive(provisional, from: 2, reliable: true, now: .zero, into: &out)
                out.removeAll(keepingCapacity: true)
            }
        }
        Benchmark("miss: a stray response, \(2 * open) open transactions") { benchmark in
            var out: [TransactionOutput<Int>] = []
            out.reserveCapacity(8)
            for _ in benchmark.scaledIterations {
                matchLayer.value.receive(stray, from: 2, reliable: true, now: .zero, into: &out)
                out.removeAll(keepingCapacity: true)
            }
        }
    }

    // MARK: Transactions per second over loopback UDP (two stacks, two loops)

    // Each iteration is 1000 transactions; they stay in the tables while they wait out T4 (client) and
    // 64·T1 (server), so the iteration count is kept small.

    Benchmark("OPTIONS transactions over loopback UDP, client and server stacks (window 32)",
              configuration: .init(metrics: [.wallClock, .throughput], warmupIterations: 1, scalingFactor: .kilo,
                                   maxDuration: smoke ? .milliseconds(200) : .seconds(5), maxIterations: smoke ? 2 : 20))
    { benchmark in
        let pair = try LoopbackPair.shared()
        pair.run(count: benchmark.scaledIterations.count)
    }
}

final class UncheckedBox<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}

enum Requests {
    static func options(branch: String, port: Int = 5060) -> SIPMessage {
        try! SIPMessage(parsing: "OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:\(port);branch=\(branch)\r\nMax-Forwards: 70\r\nTo: <sip:bob@127.0.0.1>\r\nFrom: <sip:alice@127.0.0.1>;tag=1\r\nCall-ID: \(branch)\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n")
    }
}

/// A client stack and a server stack on their own loops over 127.0.0.1 UDP. The server's TU answers
/// every request 200 at once; the client's TU keeps `window` transactions in flight.
final class LoopbackPair: @unchecked Sendable {
    nonisolated(unsafe) private static var instance: LoopbackPair?
    static func shared() throws -> LoopbackPair {
        if let instance { return instance }
        let pair = try LoopbackPair()
        instance = pair
        return pair
    }

    let clientLoop: EventLoop, serverLoop: EventLoop
    let client: SIPStack, server: SIPStack
    var serverAddress: SocketAddress!
    var clientPort = 0
    let window = 32
    var remaining = 0, inFlight = 0, counter = 0
    let done = DispatchSemaphore(value: 0)

    private init() throws {
        clientLoop = try EventLoop()
        serverLoop = try EventLoop()
        clientLoop.start()
        serverLoop.start()
        var config = SIPStack.Configuration()
        // Completed transactions wait out T4 (client) and 64·T1 (server) on UDP; make room for them.
        config.transactions.maxTransactions = 1_000_000
        client = SIPStack(loop: clientLoop, configuration: config)
        server = SIPStack(loop: serverLoop, configuration: config)
        let ready = DispatchSemaphore(value: 0)
        try serverLoop.execute { [self] in
            server.onEvent = { [unowned self] event in
                if case .request(let request, _, let id) = event {
                    try? server.respond(request.makeResponse(status: .ok, toTag: "b"), in: id)
                }
            }
            serverAddress = try? server.transport.listen(.udp, on: SocketAddress(ip: "127.0.0.1", port: 0)!)
            ready.signal()
        }
        ready.wait()
        try clientLoop.execute { [self] in
            client.onEvent = { [unowned self] event in
                if case .response(let response, _) = event, response.status?.isProvisional == false {
                    inFlight -= 1
                    if remaining == 0 && inFlight == 0 { done.signal() } else { startMore() }
                }
            }
            clientPort = Int((try? client.transport.listen(.udp, on: SocketAddress(ip: "127.0.0.1", port: 0)!))?.port ?? 0)
            ready.signal()
        }
        ready.wait()
    }

    private func startMore() {
        while inFlight < window && remaining > 0 {
            counter += 1
            remaining -= 1
            inFlight += 1
            let request = Requests.options(branch: "z9hG4bK-b\(counter)", port: clientPort)
            _ = try? client.send(request, to: SIPTransportAddress(.udp, serverAddress))
        }
    }

    /// Runs `count` transactions to completion.
    func run(count: Int) {
        try? clientLoop.execute { [self] in
            remaining = count
            startMore()
        }
        done.wait()
    }
}
