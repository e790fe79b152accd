import StackCore

/// The key parameters of an `a=crypto` line (RFC 4568 §9.1):
/// `inline:<base64 key||salt>[|<lifetime>][|<MKI>:<length>]`, several joined by `;`.
///
/// The SDP module keeps them as text; this turns them into ``SRTPMasterKey`` values and back.
public enum SDESKeyParameters {
    /// The most key parameters one line may carry before it is refused.
    public static let maximumKeys = 16

    /// Parses the `;`-separated key parameters of a line offered or answered with `profile`.
    /// Several keys must all carry distinct MKIs (RFC 4568 §6.1).
    public static func parse(_ text: some StringProtocol, profile: SRTPProfile) throws(SRTPError) -> [SRTPMasterKey] {
        let parts = text.split(separator: ";", omittingEmptySubsequences: false)
        guard parts.count <= maximumKeys else { throw .invalidKey("more than \(maximumKeys) key parameters") }
        var keys: [SRTPMasterKey] = []
        for part in parts { keys.append(try parseOne(part, profile: profile)) }
        if keys.count > 1 {
            let mkis = keys.map(\.mki)
            guard mkis.allSatisfy({ $0 != nil }), Set(mkis.map { $0!.value }).count == keys.count else {
                throw .invalidKey("several keys need distinct MKIs")
            }
        }
        return keys
    }

    /// Parses one `inline:` key parameter.
    public static func parseOne(_ text: some StringProtocol, profile: SRTPProfile) throws(SRTPError) -> SRTPMasterKey {
        let text = Substring(text)
        guard text.hasPrefix("inline:") else { throw .invalidKey("key method is not inline") }
        let fields = text.dropFirst("inline:".count).split(separator: "|", omittingEmptySubsequences: false)
        guard fields.count <= 3 else { throw .invalidKey("too many '|' fields") }
        guard let keyAndSalt = Base64.decode(fields[0]) else { throw .invalidKey("the key is not base64") }
        var lifetime: UInt64?
        var mki: SRTPMKI?
        for field in fields.dropFirst() {
            if let colon = field.firstIndex(of: ":") {
                guard mki == nil else { throw .invalidKey("two MKI fields") }
                guard let value = decimal(field[..<colon], maxDigits: 20), let length = decimal(field[field.index(after: colon)...], maxDigits: 3) else {
                    throw .invalidKey("MKI '\(field)' is not value:length")
                }
                mki = try SRTPMKI(value: value, length: Int(length))
            } else {
                // The lifetime comes before the MKI when both are present.
                guard lifetime == nil, mki == nil else { throw .invalidKey("lifetime '\(field)' out of place") }
                lifetime = try parseLifetime(field)
            }
        }
        return try SRTPMasterKey(profile: profile, keyAndSalt: keyAndSalt, lifetime: lifetime, mki: mki)
    }

    /// A lifetime: a decimal count or `2^n`.
    static func parseLifetime(_ field: Substring) throws(SRTPError) -> UInt64 {
        if field.hasPrefix("2^") {
            guard let exponent = decimal(field.dropFirst(2), maxDigits: 2), exponent <= 48 else {
                throw .invalidKey("lifetime '\(field)' is not 2^0...2^48")
            }
            return 1 << exponent
        }
        guard let value = decimal(field, maxDigits: 15) else { throw .invalidKey("lifetime '\(field)' is not a number") }
        return value
    }

    private static func decimal(_ s: Substring, maxDigits: Int) -> UInt64? {
        guard !s.isEmpty, s.count <= maxDigits, s.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        return UInt64(s)
    }

    /// The `inline:` text for `key`.
    public static func format(_ key: SRTPMasterKey) -> String {
        var text = "inline:" + Base64.encode(key.keyAndSalt)
        if let lifetime = key.lifetime {
            let exponent = lifetime.trailingZeroBitCount
            text += lifetime.nonzeroBitCount == 1 && exponent >= 10 ? "|2^\(exponent)" : "|\(lifetime)"
        }
        if let mki = key.mki { text += "|\(mki.value):\(mki.length)" }
        return text
    }

    /// The `;`-joined text for several keys.
    public static func format(_ keys: [SRTPMasterKey]) -> String { keys.map(format).joined(separator: ";") }
}
