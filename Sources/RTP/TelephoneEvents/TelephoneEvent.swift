/// The payload of one RFC 4733 telephone-event packet (§2.3): the event, the end bit, the volume and
/// the duration so far.
public struct TelephoneEvent: Sendable, Hashable {
    /// The event code (§3.2: 0–9 digits, 10 `*`, 11 `#`, 12–15 A–D, 16 flash).
    public var event: UInt8
    /// Whether this packet ends the event (E bit).
    public var isEnd: Bool
    /// The power level in −dBm0, 0–63 (larger is quieter).
    public var volume: UInt8
    /// The duration since the event's start, in timestamp units.
    public var duration: UInt16

    /// The payload's size.
    public static let size = 4

    /// An event payload from parts; `volume` is kept to 6 bits.
    public init(event: UInt8, isEnd: Bool = false, volume: UInt8 = 10, duration: UInt16) {
        self.event = event
        self.isEnd = isEnd
        self.volume = volume & 0x3F
        self.duration = duration
    }

    /// Reads the first four bytes of `payload`; nil when there are fewer.
    public init?(parsing payload: ArraySlice<UInt8>) {
        guard payload.count >= Self.size else { return nil }
        let s = payload.startIndex
        event = payload[s]
        isEnd = payload[s + 1] & 0x80 != 0
        volume = payload[s + 1] & 0x3F
        duration = payload.be16(s + 2)
    }

    /// The payload bytes (the R bit is zero).
    public var bytes: [UInt8] {
        [event, (isEnd ? 0x80 : 0) | volume, UInt8(duration >> 8), UInt8(duration & 0xFF)]
    }

    /// The DTMF character of an event code (`0`–`9`, `*`, `#`, `A`–`D`), nil for other events.
    public static func character(of event: UInt8) -> Character? {
        switch event {
        case 0...9: Character(String(event))
        case 10: "*"
        case 11: "#"
        case 12...15: Character(UnicodeScalar(UInt8(ascii: "A") + event - 12))
        default: nil
        }
    }

    /// The event code of a DTMF character (case-insensitive for A–D), nil for others.
    public static func code(of character: Character) -> UInt8? {
        switch character {
        case "0"..."9": character.asciiValue! - UInt8(ascii: "0")
        case "*": 10
        case "#": 11
        case "A"..."D": character.asciiValue! - UInt8(ascii: "A") + 12
        case "a"..."d": character.asciiValue! - UInt8(ascii: "a") + 12
        default: nil
        }
    }
}
