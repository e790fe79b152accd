import Foundation
import Glibc
import StackTesting

/// baresip (Debian's package, installed by `make test`) as a real phone on 127.0.0.1: a config
/// folder of its own, one account that answers at once (no registration), G.711 only, speech from
/// a WAV file as its microphone and no sound card. `dial` makes it call a URI once it is up.
final class Baresip {
    static let path = "/usr/bin/baresip"
    static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: path) }

    let port: Int
    private let process = Process()
    private let folder: URL

    /// Starts it and waits (bounded) until its SIP socket is bound.
    init(dial: String? = nil) throws {
        port = Sipp.freePort()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("baresip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let speech = FixtureLocator.fixtures.appendingPathComponent("audio/speech-8k.wav").path
        let rtp = 20_000 + (port % 20_000) & ~1
        let config = """
            poll_method poll
            sip_listen 127.0.0.1:\(port)
            rtp_ports \(rtp)-\(rtp + 20)
            module_path /usr/lib/baresip/modules
            module g711.so
            module aufile.so
            module account.so
            module menu.so
            audio_source aufile,\(speech)
            audio_player aufile,/dev/null

            """
        try config.write(to: folder.appendingPathComponent("config"), atomically: true, encoding: .utf8)
        try "<sip:service@127.0.0.1>;regint=0;answermode=auto;audio_codecs=pcmu\n"
            .write(to: folder.appendingPathComponent("accounts"), atomically: true, encoding: .utf8)
        let log = folder.appendingPathComponent("baresip.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        PeerProcess.configure(process, path: Self.path, arguments: ["-f", folder.path] + (dial.map { ["-e", "/dial \($0)"] } ?? []))
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        guard Sipp.waitUntilBound(port: port) else { throw BaresipError.didNotStart(stop()) }
    }

    enum BaresipError: Error { case didNotStart(String) }

    /// Stops it (a second signal, then SIGKILL, if it hangs on the first) and returns its log.
    @discardableResult
    func stop() -> String {
        if process.isRunning {
            process.terminate()
            for attempt in 0..<30 where process.isRunning {
                usleep(100_000)
                if attempt == 10 { process.terminate() }
                if attempt == 20 { kill(process.processIdentifier, SIGKILL) }
            }
            process.waitUntilExit()
        }
        let text = (try? String(contentsOf: folder.appendingPathComponent("baresip.log"), encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(at: folder)
        return text
    }

    deinit { stop() }
}
