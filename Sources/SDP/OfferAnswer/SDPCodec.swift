/// A media format as offer/answer sees it: an RTP encoding with its clock rate and channels, the
/// payload type number to offer it with, and the fmtp text that describes what this side wants to receive.
public struct SDPCodec: Sendable, Hashable {
    /// The encoding name (`opus`, `PCMU`, `telephone-event`); matched case-insensitively.
    public var encoding: String
    /// The RTP clock rate (8000 for G.722, RFC 3551 §4.5.2).
    public var clockRate: Int
    /// The channel count; 1 when nil.
    public var channels: Int?
    /// The payload type to offer it with. Static types (0–95) are fixed by RFC 3551 §6; a dynamic one
    /// (96–127) is a preference that yields to the numbers already used in the session.
    public var payloadType: Int
    /// The fmtp parameters (`useinbandfec=1`, `0-16`), without the format number; nil for none.
    public var formatParameters: String?

    /// A codec from parts.
    public init(encoding: String, clockRate: Int, channels: Int? = nil, payloadType: Int, formatParameters: String? = nil) {
        self.encoding = encoding
        self.clockRate = clockRate
        self.channels = channels
        self.payloadType = payloadType
        self.formatParameters = formatParameters
    }

    /// G.711 µ-law (RFC 3551 §4.5.14).
    public static let pcmu = SDPCodec(encoding: "PCMU", clockRate: 8000, payloadType: 0)
    /// G.711 A-law.
    public static let pcma = SDPCodec(encoding: "PCMA", clockRate: 8000, payloadType: 8)
    /// G.722, whose RTP clock is 8000 Hz although it samples at 16 kHz (RFC 3551 §4.5.2).
    public static let g722 = SDPCodec(encoding: "G722", clockRate: 8000, payloadType: 9)
    /// Opus (RFC 7587 §7: always `opus/48000/2`), asking for in-band FEC.
    public static let opus = SDPCodec(encoding: "opus", clockRate: 48000, channels: 2, payloadType: 111,
                                      formatParameters: "useinbandfec=1")
    /// RFC 4733 telephone-events 0–16 (DTMF) at `clockRate`.
    public static func telephoneEvent(clockRate: Int = 8000, payloadType: Int = 101) -> SDPCodec {
        SDPCodec(encoding: "telephone-event", clockRate: clockRate, payloadType: payloadType, formatParameters: "0-16")
    }

    /// True for formats that carry no audio of their own (events, comfort noise, redundancy, FEC,
    /// retransmission): never chosen as the codec to send with.
    public var isAuxiliary: Bool { Self.auxiliaryEncodings.contains(encoding.lowercased()) }
    /// True for RFC 4733 telephone-events.
    public var isTelephoneEvent: Bool { encoding.lowercased() == "telephone-event" }

    /// True when `other` is the same encoding, clock rate and channel count (payload numbers and fmtp aside).
    public func matches(_ other: SDPCodec) -> Bool {
        clockRate == other.clockRate && (channels ?? 1) == (other.channels ?? 1)
            && encoding.lowercased() == other.encoding.lowercased()
    }

    /// The rtpmap line for this codec at `payloadType`.
    var rtpMap: SDPRtpMap { SDPRtpMap(payloadType: payloadType, encoding: encoding, clockRate: clockRate, channels: channels) }

    static let auxiliaryEncodings: Set<String> = ["telephone-event", "cn", "red", "ulpfec", "flexfec", "rtx"]

    /// The RFC 3551 §6 static audio and video payload types that may appear without an rtpmap.
    static let staticTypes: [Int: SDPCodec] = {
        let table: [(Int, String, Int, Int?)] = [
            (0, "PCMU", 8000, nil), (3, "GSM", 8000, nil), (4, "G723", 8000, nil), (5, "DVI4", 8000, nil),
            (6, "DVI4", 16000, nil), (7, "LPC", 8000, nil), (8, "PCMA", 8000, nil), (9, "G722", 8000, nil),
            (10, "L16", 44100, 2), (11, "L16", 44100, nil), (12, "QCELP", 8000, nil), (13, "CN", 8000, nil),
            (14, "MPA", 90000, nil), (15, "G728", 8000, nil), (16, "DVI4", 11025, nil), (17, "DVI4", 22050, nil),
            (18, "G729", 8000, nil), (25, "CelB", 90000, nil), (26, "JPEG", 90000, nil), (28, "nv", 90000, nil),
            (31, "H261", 90000, nil), (32, "MPV", 90000, nil), (33, "MP2T", 90000, nil), (34, "H263", 90000, nil),
        ]
        var out: [Int: SDPCodec] = [:]
        for (pt, name, rate, ch) in table { out[pt] = SDPCodec(encoding: name, clockRate: rate, channels: ch, payloadType: pt) }
        return out
    }()
}

extension Array where Element == SDPCodec {
    /// The telephone-event payload type to send events with alongside `codec`: the one at its clock
    /// rate (RFC 4733 §2.1), else the first; nil when there are none.
    func telephoneEvent(toSendWith codec: SDPCodec?) -> Int? {
        let events = filter(\.isTelephoneEvent)
        return (events.first { $0.clockRate == codec?.clockRate } ?? events.first)?.payloadType
    }
}

extension SDPMediaDescription {
    /// The codecs of this RTP section in m= line order: each format with its rtpmap, or the RFC 3551
    /// static meaning when it has none, and its fmtp. Formats that are neither, or are not written as a
    /// plain payload number, are skipped.
    public var codecs: [SDPCodec] {
        let maps = rtpMaps, fmtps = formatParameters
        var out: [SDPCodec] = []
        out.reserveCapacity(formats.count)
        for f in formats {
            // Only the canonical spelling names a payload type: "08" or "+8" is some other format token.
            guard let pt = Int(f), (0...127).contains(pt), String(pt) == f else { continue }
            var codec: SDPCodec
            if let m = maps[pt] {
                codec = SDPCodec(encoding: m.encoding, clockRate: m.clockRate, channels: m.channels, payloadType: pt)
            } else if let s = SDPCodec.staticTypes[pt] {
                codec = s
            } else {
                continue
            }
            codec.formatParameters = fmtps[f].flatMap { $0.text.isEmpty ? nil : $0.text }
            out.append(codec)
        }
        return out
    }
}
