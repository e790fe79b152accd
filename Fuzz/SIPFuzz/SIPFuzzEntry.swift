import StackTesting

#if FUZZING
/// libFuzzer's entry point (built by `make fuzz` with -DFUZZING and -sanitize=fuzzer,address).
@_cdecl("LLVMFuzzerTestOneInput")
public func sipFuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    SIPFuzzChecks.check(Array(UnsafeBufferPointer(start: data, count: size)))
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
            SIPFuzzChecks.check(Array(data))
            print("ok \(path)")
        }
    }
}
#endif
