import BindingWorkloads
import Foundation
import SRTP

// Runs one of the binding workloads N times, for counting its instructions under callgrind
// (scripts/bench-bindings.sh): `BindingCost WORKLOAD binding|direct N`, where WORKLOAD is pcmu,
// pcma, g722, opus or an SRTP suite's SDES name.
let arguments = CommandLine.arguments
guard arguments.count == 4, ["binding", "direct"].contains(arguments[2]), let n = Int(arguments[3]), n >= 0 else {
    print("usage: BindingCost pcmu|pcma|g722|opus|SRTP-SUITE binding|direct N")
    exit(2)
}
let direct = arguments[2] == "direct"
if let codec = CodecWorkload(rawValue: arguments[1]) {
    try codec.run(direct: direct, iterations: 0..<n)
} else if let profile = SRTPProfile(sdesName: arguments[1]) {
    try SRTPWorkload.run(profile, direct: direct, iterations: 0..<n)
} else {
    print("BindingCost: unknown workload \(arguments[1])")
    exit(2)
}
