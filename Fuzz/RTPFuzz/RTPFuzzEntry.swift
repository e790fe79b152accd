import StackTesting

#if FUZZING
/// libFuzzer's entry point for the RTP and RTCP parsers and round trips (built by `make fuzz`).
@_cdecl("LLVMFuzzerTestOneInput")
public func rtpFuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    RTPFuzzChecks.check(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
#else
import Foundation

/// Without -DFUZZING: replays the files named on the command line through the same checks.
@main
struct RTPFuzzReplay {
    static func main() {
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                print("cannot read \(path)")
                continue
            }
            RTPFuzzChecks.check(Array(data))
            print("ok \(path)")
        }
    }
}
#endif
