/// The Opus fmtp parameters of RFC 7587 §6.1, read from and written as `name=value` pairs (the SDP
/// module's `SDPFormatParameters.parameters`). Each side states what it wants to *receive*
/// (`maxplaybackrate`, `stereo`, `useinbandfec`, …) and what it will *send* (`sprop-…`).
public struct OpusFormatParameters: Sendable, Hashable {
    /// The highest sampling rate the receiver will play (8000 to 48000).
    public var maxPlaybackRate: Int?
    /// The highest rate the sender will capture at.
    public var spropMaxCaptureRate: Int?
    /// The largest average bitrate the receiver wants (6000 to 510000).
    public var maxAverageBitrate: Int?
    /// The receiver prefers stereo.
    public var stereo: Bool
    /// The sender is likely to send stereo.
    public var spropStereo: Bool
    /// The receiver prefers constant bitrate.
    public var constantBitrate: Bool
    /// The receiver can use in-band FEC.
    public var useInBandFEC: Bool
    /// The receiver prefers DTX.
    public var useDTX: Bool
    /// Unknown or out-of-range parameters as they came, kept for the caller to log.
    public var ignored: [(name: String, value: String)]

    /// The defaults of RFC 7587 §6.1: no caps, mono, VBR, no FEC, no DTX.
    public init(maxPlaybackRate: Int? = nil, spropMaxCaptureRate: Int? = nil, maxAverageBitrate: Int? = nil,
                stereo: Bool = false, spropStereo: Bool = false, constantBitrate: Bool = false,
                useInBandFEC: Bool = false, useDTX: Bool = false) {
        self.maxPlaybackRate = maxPlaybackRate
        self.spropMaxCaptureRate = spropMaxCaptureRate
        self.maxAverageBitrate = maxAverageBitrate
        self.stereo = stereo
        self.spropStereo = spropStereo
        self.constantBitrate = constantBitrate
        self.useInBandFEC = useInBandFEC
        self.useDTX = useDTX
        self.ignored = []
    }

    /// Reads the pairs; names are case-insensitive, unknown names and bad values go to `ignored`.
    public init(parameters: [(name: String, value: String)]) {
        self.init()
        for (name, value) in parameters {
            let v = value.trimmingCharacters(in: " ")
            var known = true
            switch name.lowercased() {
            case "maxplaybackrate": maxPlaybackRate = Self.rate(v); known = maxPlaybackRate != nil
            case "sprop-maxcapturerate": spropMaxCaptureRate = Self.rate(v); known = spropMaxCaptureRate != nil
            case "maxaveragebitrate":
                maxAverageBitrate = Int(v).flatMap { (6000...510_000).contains($0) ? $0 : nil }
                known = maxAverageBitrate != nil
            case "stereo": known = Self.flag(v, into: &stereo)
            case "sprop-stereo": known = Self.flag(v, into: &spropStereo)
            case "cbr": known = Self.flag(v, into: &constantBitrate)
            case "useinbandfec": known = Self.flag(v, into: &useInBandFEC)
            case "usedtx": known = Self.flag(v, into: &useDTX)
            default: known = false
            }
            if !known { ignored.append((name, value)) }
        }
    }

    /// Reads an fmtp parameter text such as `maxplaybackrate=16000;useinbandfec=1`.
    public init(text: String) {
        let pairs = text.split(separator: ";").compactMap { item -> (name: String, value: String)? in
            let parts = item.split(separator: "=", maxSplits: 1)
            guard let name = parts.first?.trimmingCharacters(in: " "), !name.isEmpty else { return nil }
            return (name, parts.count > 1 ? String(parts[1]) : "")
        }
        self.init(parameters: pairs)
    }

    /// The pairs that differ from the defaults, in the order of RFC 7587 §6.1.
    public var parameters: [(name: String, value: String)] {
        var out: [(name: String, value: String)] = []
        if let maxPlaybackRate { out.append(("maxplaybackrate", String(maxPlaybackRate))) }
        if let spropMaxCaptureRate { out.append(("sprop-maxcapturerate", String(spropMaxCaptureRate))) }
        if let maxAverageBitrate { out.append(("maxaveragebitrate", String(maxAverageBitrate))) }
        if stereo { out.append(("stereo", "1")) }
        if spropStereo { out.append(("sprop-stereo", "1")) }
        if constantBitrate { out.append(("cbr", "1")) }
        if useInBandFEC { out.append(("useinbandfec", "1")) }
        if useDTX { out.append(("usedtx", "1")) }
        return out
    }

    /// The fmtp parameter text (`maxplaybackrate=16000;useinbandfec=1`); empty for all defaults.
    public var text: String { parameters.map { "\($0.name)=\($0.value)" }.joined(separator: ";") }

    /// What we ask for as a receiver decoding with `configuration`'s rate and channels, wanting
    /// FEC when it is on.
    public init(receiving configuration: OpusConfiguration) {
        self.init(maxPlaybackRate: configuration.sampleRate < 48000 ? configuration.sampleRate : nil,
                  spropMaxCaptureRate: configuration.sampleRate < 48000 ? configuration.sampleRate : nil,
                  maxAverageBitrate: configuration.bitrate,
                  stereo: configuration.channels == 2, spropStereo: configuration.channels == 2,
                  constantBitrate: !configuration.variableBitrate,
                  useInBandFEC: configuration.inBandFEC, useDTX: configuration.discontinuousTransmission)
    }

    public static func == (a: OpusFormatParameters, b: OpusFormatParameters) -> Bool {
        a.text == b.text && a.ignored.map { "\($0.name)=\($0.value)" } == b.ignored.map { "\($0.name)=\($0.value)" }
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(text) }

    private static func rate(_ v: String) -> Int? { Int(v).flatMap { (8000...48000).contains($0) ? $0 : nil } }

    private static func flag(_ v: String, into field: inout Bool) -> Bool {
        switch v {
        case "0": field = false; return true
        case "1": field = true; return true
        default: return false
        }
    }
}

extension StringProtocol {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}
