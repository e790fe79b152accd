import Foundation
import SIPMessage
import StackCore
import StackTesting
import Testing

/// RFC 4475 §3 and RFC 5118 §4: every message, with the verdict the RFC gives, read from
/// `../shared/corpora` (the tests skip visibly where that folder is absent).
@Suite struct TortureCorpusTests {
    enum Verdict: Equatable {
        /// Parses with no defect and passes the UA checks.
        case valid
        /// Parses; the UA check answers this status.
        case answered(Int)
        /// Does not parse at all (framing or start-line damage).
        case unparseable
        /// A response the UAC must discard.
        case discarded
    }

    /// Our verdict per file, derived from the MANIFEST's `expected_verdict` column.
    static let rfc4475: [String: Verdict] = [
        "wsinv.dat": .valid, "intmeth.dat": .answered(501), "esc01.dat": .valid, "escnull.dat": .valid,
        "esc02.dat": .answered(501), "lwsdisp.dat": .valid, "longreq.dat": .valid, "dblreq.dat": .valid,
        "semiuri.dat": .valid, "transports.dat": .valid, "mpart01.dat": .valid, "unreason.dat": .valid,
        "noreason.dat": .valid, "badinv01.dat": .answered(400), "clerr.dat": .unparseable, "ncl.dat": .unparseable,
        "scalar02.dat": .answered(400), "scalarlg.dat": .discarded, "quotbal.dat": .answered(400),
        "ltgtruri.dat": .answered(400), "lwsruri.dat": .answered(400), "lwsstart.dat": .valid, "trws.dat": .valid,
        "escruri.dat": .answered(400), "baddate.dat": .valid, "regbadct.dat": .answered(400),
        "badaspec.dat": .answered(400), "baddn.dat": .answered(400), "badvers.dat": .answered(505),
        "mismatch01.dat": .answered(400), "mismatch02.dat": .answered(501), "bigcode.dat": .unparseable,
        "badbranch.dat": .valid, "insuf.dat": .answered(400), "unkscm.dat": .answered(416),
        "novelsc.dat": .answered(416), "unksm2.dat": .answered(400), "bext01.dat": .answered(420),
        "invut.dat": .answered(415), "regaut01.dat": .valid, "multi01.dat": .answered(400),
        "mcl01.dat": .unparseable, "bcast.dat": .discarded, "zeromf.dat": .valid, "cparam01.dat": .valid,
        "cparam02.dat": .valid, "regescrt.dat": .valid, "sdp01.dat": .answered(406), "inv2543.dat": .valid,
        "test.dat": .unparseable,
    ]

    static let rfc5118: [String: Verdict] = [
        "ipv6-good": .valid, "ipv6-bad": .answered(400), "port-ambiguous": .valid, "port-unambiguous": .valid,
        "via-received-param-with-delim": .valid, "via-received-param-no-delim": .valid, "ipv6-in-sdp": .valid,
        "mult-ip-in-header": .valid, "mult-ip-in-sdp": .valid, "ipv4-mapped-ipv6": .valid,
        "ipv6-bug-abnf-3-colons": .answered(400), "ipv6-correct-abnf-2-colons": .valid,
    ]

    /// The UA's policy for the corpus: a registrar (unksm2 is about registrars) that knows no extensions.
    static var policy: SIPRequestPolicy {
        var p = SIPRequestPolicy()
        p.isRegistrar = true
        return p
    }

    static func verdict(_ bytes: [UInt8]) -> Verdict {
        guard let m = try? SIPMessage(parsing: bytes) else { return .unparseable }
        if m.isRequest { return m.checkRequest(policy: policy).map { .answered($0.status.rawValue) } ?? .valid }
        return m.checkResponse() == nil ? .valid : .discarded
    }

    static func corpus(_ folder: String) -> URL? { FixtureLocator.sharedCorpora?.appendingPathComponent(folder) }

    @Test func everyRFC4475MessageHasItsVerdict() throws {
        guard let dir = Self.corpus("rfc4475") else { print("SKIP: ../shared/corpora absent"); return }
        let rows = try FixtureLocator.manifest(dir.appendingPathComponent("MANIFEST.tsv"))
        #expect(rows.count == 50)
        for row in rows {
            let file = try #require(row["file"])
            let expected = try #require(Self.rfc4475[file], "no verdict for \(file)")
            let bytes = Array(try Data(contentsOf: dir.appendingPathComponent(file)))
            #expect(bytes.count == Int(row["bytes"] ?? ""), "\(file) size")
            #expect(Self.verdict(bytes) == expected, "\(file) (\(row["expected_verdict"] ?? ""))")
        }
    }

    @Test func everyRFC5118MessageHasItsVerdict() throws {
        guard let dir = Self.corpus("rfc5118") else { print("SKIP: ../shared/corpora absent"); return }
        for (name, expected) in Self.rfc5118 {
            let bytes = Array(try Data(contentsOf: dir.appendingPathComponent("wire-crlf-fixed-cl/\(name).sip")))
            #expect(Self.verdict(bytes) == expected, "\(name)")
        }
    }

    /// The archive forms (bare LF, wrong Content-Length, no empty line) fail cleanly or parse leniently.
    @Test func rfc5118ArchiveFormsNeverCrash() throws {
        guard let dir = Self.corpus("rfc5118") else { print("SKIP: ../shared/corpora absent"); return }
        for name in Self.rfc5118.keys {
            let bytes = Array(try Data(contentsOf: dir.appendingPathComponent(name)))
            do {
                let m = try SIPMessage(parsing: bytes)
                #expect(m.warnings.contains { $0.kind == .bareLineFeed }, "\(name)")
            } catch {
                #expect([.bodyTruncated].contains(error.kind), "\(name): \(error)")
            }
        }
    }

    @Test func everyMessageIsParsedTheSameOverAStream() throws {
        guard let dir = Self.corpus("rfc4475") else { print("SKIP: ../shared/corpora absent"); return }
        for (file, verdict) in Self.rfc4475 where verdict != .unparseable && file != "baddn.dat" && file != "inv2543.dat" && file != "dblreq.dat" {
            let bytes = Array(try Data(contentsOf: dir.appendingPathComponent(file)))
            var framer = SIPStreamFramer(role: .acceptor)
            try framer.append(bytes)
            guard case .message(let m)? = try framer.next() else { Issue.record("\(file): no message"); continue }
            #expect(m == (try SIPMessage(parsing: bytes)), "\(file)")
        }
    }
}
