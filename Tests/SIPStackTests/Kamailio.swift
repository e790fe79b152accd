import Foundation
import StackTesting

/// Kamailio (Debian's package, installed by `make test`) running `Fixtures/kamailio/kamailio.cfg`
/// in the foreground on 127.0.0.1, UDP and TCP on one free port, its log in a scratch folder.
final class Kamailio {
    static let path = "/usr/sbin/kamailio"
    static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: path) }

    let port: Int
    private let process = Process()
    private let folder: URL

    /// Starts it and waits (bounded) until both its sockets are bound.
    init() throws {
        port = Sipp.freePort()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kamailio-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let log = folder.appendingPathComponent("kamailio.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let config = FixtureLocator.fixtures.appendingPathComponent("kamailio/kamailio.cfg")
        PeerProcess.configure(process, path: Self.path, arguments: [
            "-f", config.path, "-DD", "-E", "-m", "64", "-M", "8", "-w", folder.path, "-Y", folder.path,
            "-P", folder.appendingPathComponent("kamailio.pid").path,
            "-l", "udp:127.0.0.1:\(port)", "-l", "tcp:127.0.0.1:\(port)"])
        process.currentDirectoryURL = config.deletingLastPathComponent()
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        guard Sipp.waitUntilBound(port: port), Sipp.waitUntilBound(port: port, tcp: true) else {
            let text = stop()
            throw KamailioError.didNotStart(text)
        }
    }

    enum KamailioError: Error { case didNotStart(String) }

    /// `host:port` for URIs.
    var address: String { "127.0.0.1:\(port)" }

    /// Stops it and returns its log.
    @discardableResult
    func stop() -> String {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        let text = (try? String(contentsOf: folder.appendingPathComponent("kamailio.log"), encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(at: folder)
        return text
    }

    deinit { stop() }
}
