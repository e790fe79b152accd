import Foundation
import StackTesting
import Testing

/// The fuzz target's checks over every seed and every kept crasher (STYLE.md §8).
@Suite struct RTPFuzzRegressionTests {
    @Test func crashersAndSeedsPassTheChecks() throws {
        var files = FixtureLocator.files(in: FixtureLocator.fixtures.appendingPathComponent("rtp"))
            + FixtureLocator.files(in: FixtureLocator.fixtures.appendingPathComponent("fuzz-crashers/rtp"))
        #expect(files.count >= 7)
        if let shared = FixtureLocator.sharedCorpora {
            for folder in ["fuzz-seeds/pion-rtp/packets", "fuzz-seeds/pion-rtcp/packets", "fuzz-seeds/pion-rtcp/FuzzUnmarshal-decoded",
                           "fuzz-seeds/pjproject/rtcp"] {
                files += FixtureLocator.files(in: shared.appendingPathComponent(folder))
            }
        } else {
            print("SKIP: ../shared/corpora absent; only Fixtures/ seeds checked")
        }
        for url in files { RTPFuzzChecks.check(Array(try Data(contentsOf: url))) }
    }
}
