/// One of the sixteen DTMF keys (ITU-T Q.23): `0`–`9`, `*`, `#` and `A`–`D`.
public struct DTMFDigit: Sendable, Hashable, CustomStringConvertible {
    /// The key as its ASCII character (`A`–`D` upper case).
    public let character: Character

    /// The digit for `character`, or nil when it is not a DTMF key (`a`–`d` are taken as `A`–`D`).
    public init?(_ character: Character) {
        switch character {
        case "0"..."9", "*", "#", "A"..."D": self.character = character
        case "a"..."d": self.character = Character(character.uppercased())
        default: return nil
        }
    }

    /// The RFC 4733 §3.2 event code: 0–9, `*` = 10, `#` = 11, `A`–`D` = 12–15.
    public var eventCode: UInt8 {
        let ascii = character.asciiValue!
        switch character {
        case "*": return 10
        case "#": return 11
        case "A"..."D": return 12 + ascii - UInt8(ascii: "A")
        default: return ascii - UInt8(ascii: "0")
        }
    }

    /// The digit for an RFC 4733 event code (0–15), or nil.
    public init?(eventCode: UInt8) {
        switch eventCode {
        case 0...9: character = Character(Unicode.Scalar(UInt8(ascii: "0") + eventCode))
        case 10: character = "*"
        case 11: character = "#"
        case 12...15: character = Character(Unicode.Scalar(UInt8(ascii: "A") + eventCode - 12))
        default: return nil
        }
    }

    public var description: String { String(character) }

    /// Parses a dial string such as `"123#"`; throws on the first character that is not a key.
    public static func parse(_ digits: some StringProtocol) throws(AudioCodecError) -> [DTMFDigit] {
        var out: [DTMFDigit] = []
        for c in digits {
            guard let d = DTMFDigit(c) else { throw .invalidConfiguration("'\(c)' is not a DTMF digit") }
            out.append(d)
        }
        return out
    }
}
