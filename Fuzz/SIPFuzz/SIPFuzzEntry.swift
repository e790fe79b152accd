import EventLoopPOSIX
import SIPMessage
import SIPTransport
import StackTesting

/// The message checks, plus the transport rules that meet hostile bytes first: received/rport
/// stamping of what parses, and the 400 salvage of what does not.
func checkAll(_ bytes: [UInt8]) {
    SIPFuzzChecks.check(bytes)
    let source = SocketAddress(ip: "192.0.2.1", port: 5060)!
    do {
        let m = try SIPMessage(parsing: bytes)
        if m.isRequest {
            let stamped = SIPTransportRules.stampReceived(m, source: source)
            if stamped.via.count != m.via.count { fatalError("stampReceived changed the number of Via values") }
            _ = SIPTransportRules.responseDestination(stamped.makeResponse(status: .ok), source: SIPTransportAddress(.udp, source))
        }
    } catch {
        if let reply = SIPTransportRules.badRequestResponse(to: bytes[...], error: error) {
            guard reply.status == .badRequest, (try? SIPMessage(parsing: reply.serialized())) != nil else {
                fatalError("salvaged 400 does not parse")
            }
        }
    }
}

#if FUZZING
/// libFuzzer's entry point (built by `make fuzz` with -DFUZZING and -sanitize=fuzzer,address).
@_cdecl("LLVMFuzzerTestOneInput")
public func sipFuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    checkAll(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
#else
import Foundation

/// Without -DFUZZING: replays the files named on the command line through the same checks, so a
/// crasher can be reproduced with a plain build (`.build/debug/SIPFuzz Fuzz/crash-…`).
@main
struct SIPFuzzReplay {
    static func main() {
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                print("cannot read \(path)")
                continue
            }
            checkAll(Array(data))
            print("ok \(path)")
        }
    }
}
#endif
