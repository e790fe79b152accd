import Foundation

/// A packet capture on loopback with dumpcap and its analysis with tshark (Debian's tshark package,
/// installed by `make test`).
struct Capture {
    static var isAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/dumpcap") && FileManager.default.isExecutableFile(atPath: "/usr/bin/tshark")
    }

    let process: Process
    let file: URL
    let ports: [Int]

    /// Starts capturing traffic to or from `ports` on `lo`, and returns once dumpcap has opened the
    /// interface, set the filter and created the file (bounded wait).
    static func start(ports: [Int]) throws -> Capture {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sip-\(UUID().uuidString).pcapng")
        let p = Process()
        // The test runner's threads block SIGINT and SIGTERM and children inherit the mask, so dumpcap
        // would never see our stop signal: unblock them before exec.
        p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        p.arguments = ["-c", "import os, signal, sys; signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGINT, signal.SIGTERM]); os.execv('/usr/bin/dumpcap', sys.argv[1:])",
                       "dumpcap", "-i", "lo", "-f", ports.map { "port \($0)" }.joined(separator: " or "), "-w", file.path]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        // dumpcap prints "Capturing on 'Loopback: lo'" *before* it opens the interface, and
        // "File: <path>" only once the socket, its filter and the output file exist: wait for the latter
        // (waiting for the former lost the first packets of an exchange on a loaded CI machine).
        let ready = DispatchSemaphore(value: 0)
        let seen = LockedText()
        err.fileHandleForReading.readabilityHandler = { h in
            let chunk = String(decoding: h.availableData, as: UTF8.self)
            if seen.append(chunk).contains("File: ") { ready.signal() }
        }
        let ok = ready.wait(timeout: .now() + 10) == .success
        err.fileHandleForReading.readabilityHandler = nil
        guard ok else {
            p.terminate()
            throw CaptureError.notCapturing(seen.text)
        }
        return Capture(process: p, file: file, ports: ports)
    }

    /// Stops dumpcap and returns tshark's verdict: the number of SIP packets dissected and the lines
    /// of any packet flagged malformed, with an expert warning or error, or not recognised as SIP.
    func finish(expectingAtLeast minimum: Int) throws -> (sipPackets: Int, problems: [String]) {
        var decode: [String] = []
        for port in ports { decode += ["-d", "udp.port==\(port),sip", "-d", "tcp.port==\(port),sip"] }
        // dumpcap hands packets over in batches; wait (bounded) until the expected ones are on disk
        // before stopping it, as a stop signal does not drain the kernel buffer.
        let flushDeadline = Date().addingTimeInterval(10)
        while Date() < flushDeadline {
            let seen = (try? Self.tshark(["-r", file.path] + decode + ["-Y", "sip"]))?.split(separator: "\n").count ?? 0
            if seen >= minimum { break }
            usleep(200_000)
        }
        // SIGTERM makes dumpcap flush and close the file; SIGKILL if it has not gone within 5 s.
        process.terminate()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        let killed = process.isRunning
        if killed { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        defer { try? FileManager.default.removeItem(at: file) }
        if killed { throw CaptureError.stopSignalIgnored }
        let sip = try Self.tshark(["-r", file.path] + decode + ["-Y", "sip"])
        // Malformed or expert-flagged packets, and any payload that did not dissect as SIP at all
        // (tshark shows an unparseable start line as plain Data).
        let bad = try Self.tshark(["-r", file.path] + decode + ["-Y", "_ws.malformed || _ws.expert.severity >= warning || ((udp || tcp.len > 0) && !sip)"])
        return (sip.split(separator: "\n").count, bad.split(separator: "\n").map(String.init))
    }

    private static func tshark(_ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/tshark")
        p.arguments = args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

enum CaptureError: Error { case notCapturing(String), stopSignalIgnored }

final class LockedText: @unchecked Sendable {
    private let lock = NSLock()
    private var value = ""
    var text: String { lock.withLock { value } }
    func append(_ s: String) -> String { lock.withLock { value += s; return value } }
}
