import StackTesting

#if FUZZING
/// libFuzzer's entry point for the SDP parser and round trip (built by `make fuzz`).
@_cdecl("LLVMFuzzerTestOneInput")
public func sdpFuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    SDPFuzzChecks.check(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
#else
import Foundation

/// Without -DFUZZING: replays the files named on the command line through the same checks.
@main
struct SDPFuzzReplay {
    static func main() {
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                print("cannot read \(path)")
                continue
            }
            SDPFuzzChecks.check(Array(data))
            print("ok \(path)")
        }
    }
}
#endif
