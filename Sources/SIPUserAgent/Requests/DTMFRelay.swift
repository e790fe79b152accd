import StackCore

/// One key press carried in an INFO request as `application/dtmf-relay` (the de facto format of
/// Cisco and most phones: `Signal=5` and `Duration=160` lines), or as `application/dtmf` (the bare
/// key).
public struct DTMFRelay: Sendable, Hashable, CustomStringConvertible {
    /// The key: `0`–`9`, `*`, `#`, `A`–`D`, or `!` for a hook flash (written `16` by some phones).
    public let signal: Character
    /// How long the key was held, in milliseconds.
    public let durationMilliseconds: Int

    /// The media type of the usual body.
    public static let mediaType = "application/dtmf-relay"
    /// The media type of the bare-key body.
    public static let bareMediaType = "application/dtmf"
    /// The longest duration accepted (a minute; longer values are clamped).
    public static let maximumDuration = 60_000

    /// A key press; nil for a key that is not a DTMF key. The duration is clamped to 1…60 000 ms.
    public init?(signal: Character, durationMilliseconds: Int = 160) {
        let upper = Character(signal.uppercased())
        guard Self.keys.contains(upper) else { return nil }
        self.signal = upper
        self.durationMilliseconds = min(max(durationMilliseconds, 1), Self.maximumDuration)
    }

    /// Reads a body of `mediaType` (`application/dtmf-relay` or `application/dtmf`); nil when it
    /// carries no valid key. A missing Duration is taken as 250 ms.
    public init?(body: ByteString, mediaType: String) {
        guard body.count <= 1024 else { return nil }
        let text = body.string
        if mediaType == Self.bareMediaType {
            let key = text.trimmingWhitespace()
            guard key.count == 1 || key == "16", let relay = Self(key: key, duration: 250) else { return nil }
            self = relay
            return
        }
        var signal: String?
        var duration = 250
        for line in text.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let value = String(parts[1]).trimmingWhitespace()
            switch String(parts[0]).trimmingWhitespace().lowercased() {
            case "signal": signal = value
            case "duration": if let d = Int(value.prefix(9)), d > 0 { duration = d }
            default: continue
            }
        }
        guard let signal, let relay = Self(key: signal, duration: duration) else { return nil }
        self = relay
    }

    /// The `application/dtmf-relay` body.
    public var body: ByteString { ByteString("Signal=\(signal)\r\nDuration=\(durationMilliseconds)\r\n") }

    public var description: String { "\(signal) (\(durationMilliseconds) ms)" }

    private init?(key: String, duration: Int) {
        if key == "16" { self.init(signal: "!", durationMilliseconds: duration); return }
        guard key.count == 1, let c = key.first else { return nil }
        self.init(signal: c, durationMilliseconds: duration)
    }

    private static let keys: Set<Character> = Set("0123456789*#ABCD!")
}

extension String {
    /// The text without leading and trailing spaces and tabs.
    func trimmingWhitespace() -> String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        return String(drop(while: blank).reversed().drop(while: blank).reversed())
    }
}
