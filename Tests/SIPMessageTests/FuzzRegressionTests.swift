import Foundation
import StackTesting
import Testing

/// Every saved fuzz crasher and every seed goes through the fuzz target's checks on each test run.
@Suite struct FuzzRegressionTests {
    @Test func savedCrashersStayFixed() throws {
        let dir = FixtureLocator.fixtures.appendingPathComponent("fuzz-crashers/sip")
        for url in FixtureLocator.files(in: dir) where url.lastPathComponent != "README.md" {
            SIPFuzzChecks.check(Array(try Data(contentsOf: url)))
        }
    }

    @Test func seedsPassTheChecks() throws {
        var seeds = FixtureLocator.files(in: FixtureLocator.fixtures.appendingPathComponent("sip"))
        if let shared = FixtureLocator.sharedCorpora {
            for folder in ["rfc4475", "rfc5118", "fuzz-seeds/pjproject/sip", "fuzz-seeds/pjproject/sip-dialog", "fuzz-seeds/sipgo", "fuzz-seeds/pjproject/uri"] {
                seeds += FixtureLocator.files(in: shared.appendingPathComponent(folder))
            }
        } else {
            print("SKIP: ../shared/corpora absent; only Fixtures/ seeds checked")
        }
        #expect(seeds.count > 10)
        for url in seeds { SIPFuzzChecks.check(Array(try Data(contentsOf: url))) }
    }
}
