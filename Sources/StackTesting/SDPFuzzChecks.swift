import SDP

/// The properties the SDP fuzz target checks on every input; `swift test` replays them over seeds.
public enum SDPFuzzChecks {
    /// Parses `data`; whatever parses must serialize to text that parses to an equal description, and
    /// serializing that again must give the same text. The typed views must not trap. A violated
    /// property traps, which the fuzzer records as a crash.
    public static func check(_ data: [UInt8]) {
        guard let d = try? SDPSessionDescription(parsing: data) else { return }
        for i in d.media.indices {
            let m = d.media[i]
            _ = (m.rtpMaps, m.formatParameters.mapValues { ($0.parameters.count, $0.eventRanges) }, m.ptime, m.maxptime)
            _ = (m.rtcp, m.rtcpMux, m.cryptos.map(\.value), d.direction(ofMedia: i), d.isHold(media: i))
            _ = (m.candidates, d.fingerprints(media: i), m.setup, m.sources, m.extensionMaps, d.iceUsernameFragment(media: i))
        }
        _ = d.groups
        let text = d.serialized()
        let again: SDPSessionDescription
        do {
            again = try SDPSessionDescription(parsing: text)
        } catch {
            fatalError("SDP round trip: serialized description does not parse: \(error)")
        }
        guard again == d else { fatalError("SDP round trip: re-parsed description differs") }
        guard again.serialized() == text else { fatalError("SDP round trip: serialization not stable") }
        guard again.warnings.isEmpty else { fatalError("SDP round trip: serialized text has warnings \(again.warnings)") }
    }
}
