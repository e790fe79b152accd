import Foundation
import StackTesting

/// Runs sipp (Debian's sip-tester, installed by `make test`) with a scenario from `Fixtures/sipp/`
/// or a built-in one, bounded by sipp's own timeout, and collects its message log.
struct Sipp {
    static let path = "/usr/bin/sipp"
    static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: path) }

    struct Outcome {
        let status: Int32
        let output: String
        let messages: String
        /// Lines of the message log that start a received or sent message of `firstLine` prefix.
        func count(_ prefix: String) -> Int {
            messages.components(separatedBy: "\n").filter { $0.hasPrefix(prefix) }.count
        }
    }

    /// A free port on `ip` for sipp to bind (the small race with other binders is acceptable here).
    static func freePort(ip: String = "127.0.0.1") -> Int {
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        inet_pton(AF_INET, ip, &addr.sin_addr)
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(fd) }
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        var bound = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &bound) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: bound.sin_port))
    }

    /// Starts sipp with `scenario`, a file name in `Fixtures/sipp/`, or one of sipp's own
    /// scenarios written `builtin:uac`; it runs `calls` calls.
    static func start(scenario: String, localPort: Int, remote: String? = nil, transport: String = "u1",
                      calls: Int = 1, extra: [String] = []) throws -> (Process, URL)
    {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sipp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var args = scenario.hasPrefix("builtin:") ? ["-sn", String(scenario.dropFirst(8))]
            : ["-sf", FixtureLocator.fixtures.appendingPathComponent("sipp/\(scenario)").path]
        args += ["-i", "127.0.0.1", "-p", String(localPort), "-t", transport, "-m", String(calls), "-nostdin",
                 "-timeout", "30", "-timeout_error", "-trace_msg", "-message_file", folder.appendingPathComponent("messages.log").path]
        args += extra
        if let remote { args.append(remote) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = args
        process.currentDirectoryURL = folder
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        return (process, folder)
    }

    /// Waits for sipp to exit (it times itself out after 30 s) and reads its logs.
    static func finish(_ process: Process, _ folder: URL) -> Outcome {
        let pipe = process.standardOutput as! Pipe
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let messages = (try? String(contentsOf: folder.appendingPathComponent("messages.log"), encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(at: folder)
        return Outcome(status: process.terminationStatus, output: output, messages: messages)
    }
}

extension Sipp {
    /// True once something is bound to `port` on 127.0.0.1 over UDP (or TCP): sipp is ready. Polls
    /// the external process for at most `seconds`.
    static func waitUntilBound(port: Int, tcp: Bool = false, seconds: Double = 5) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_port = UInt16(port).bigEndian
            inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr)
            let fd = socket(AF_INET, Int32((tcp ? SOCK_STREAM : SOCK_DGRAM).rawValue), 0)
            let r = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            let busy = r != 0 && errno == EADDRINUSE
            close(fd)
            if busy { return true }
            usleep(20_000)
        }
        return false
    }
}
