import StackCore

/// A master key identifier (RFC 3711 §3.1): a value carried in `length` bytes after the payload of
/// every packet, which lets a receiver pick the key among several.
public struct SRTPMKI: Sendable, Hashable {
    /// The identifier's value.
    public let value: UInt64
    /// Its length on the wire in bytes (1–128, RFC 4568 §9.1). Values are kept to 64 bits; longer
    /// MKIs are zero-padded in front.
    public let length: Int

    /// An MKI; throws when `value` does not fit in `length` bytes.
    public init(value: UInt64, length: Int) throws(SRTPError) {
        guard (1...128).contains(length) else { throw .invalidKey("MKI length \(length) is outside 1...128") }
        guard length >= 8 || value < UInt64(1) << UInt64(8 * length) else {
            throw .invalidKey("MKI value \(value) does not fit in \(length) bytes")
        }
        self.value = value
        self.length = length
    }

    /// The bytes on the wire, big-endian.
    public var bytes: [UInt8] {
        (0..<length).reversed().map { $0 < 8 ? UInt8(truncatingIfNeeded: value >> UInt64(8 * $0)) : 0 }
    }
}

/// The keying of one direction of an SRTP stream: suite, master key and salt, lifetime and MKI.
///
/// The bytes live in ordinary arrays; the context copies them into libsrtp and keeps no other copy.
public struct SRTPMasterKey: Sendable, Hashable {
    /// The crypto suite.
    public let profile: SRTPProfile
    /// The master key (``SRTPProfile/keyLength`` bytes).
    public let key: [UInt8]
    /// The master salt (``SRTPProfile/saltLength`` bytes).
    public let salt: [UInt8]
    /// How many packets the key may protect; nil for the suite's maximum (2^48).
    public let lifetime: UInt64?
    /// The MKI sent with each packet, if any.
    public let mki: SRTPMKI?

    /// A key from parts; throws when a length does not fit the suite.
    public init(profile: SRTPProfile, key: [UInt8], salt: [UInt8], lifetime: UInt64? = nil, mki: SRTPMKI? = nil) throws(SRTPError) {
        guard key.count == profile.keyLength else {
            throw .invalidKey("\(profile.sdesName) needs a \(profile.keyLength)-byte key, not \(key.count)")
        }
        guard salt.count == profile.saltLength else {
            throw .invalidKey("\(profile.sdesName) needs a \(profile.saltLength)-byte salt, not \(salt.count)")
        }
        if let lifetime {
            guard lifetime > 0, lifetime <= SRTPProfile.maximumKeyLifetime else {
                throw .invalidKey("lifetime \(lifetime) is outside 1...2^48 packets")
            }
        }
        self.profile = profile
        self.key = key
        self.salt = salt
        self.lifetime = lifetime
        self.mki = mki
    }

    /// A key from the concatenated key and salt, as `inline:` carries them.
    public init(profile: SRTPProfile, keyAndSalt: [UInt8], lifetime: UInt64? = nil, mki: SRTPMKI? = nil) throws(SRTPError) {
        guard keyAndSalt.count == profile.keyAndSaltLength else {
            throw .invalidKey("\(profile.sdesName) needs \(profile.keyAndSaltLength) bytes of key and salt, not \(keyAndSalt.count)")
        }
        try self.init(profile: profile, key: Array(keyAndSalt[..<profile.keyLength]),
                      salt: Array(keyAndSalt[profile.keyLength...]), lifetime: lifetime, mki: mki)
    }

    /// A fresh key and salt drawn from `random` (RFC 4568 §6.1 asks for a cryptographically secure
    /// source: pass ``StackCore/SystemRandomSource`` outside tests).
    public static func generate(profile: SRTPProfile, lifetime: UInt64? = nil, mki: SRTPMKI? = nil,
                                using random: inout some RandomSource) throws(SRTPError) -> SRTPMasterKey {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(profile.keyAndSaltLength + 8)
        while bytes.count < profile.keyAndSaltLength {
            let word = random.next64()
            for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return try SRTPMasterKey(profile: profile, keyAndSalt: Array(bytes[..<profile.keyAndSaltLength]), lifetime: lifetime, mki: mki)
    }

    /// A fresh key from the operating system's secure generator.
    public static func generate(profile: SRTPProfile, lifetime: UInt64? = nil, mki: SRTPMKI? = nil) throws(SRTPError) -> SRTPMasterKey {
        var random = SystemRandomSource()
        return try generate(profile: profile, lifetime: lifetime, mki: mki, using: &random)
    }

    /// libsrtp's key buffer: key then salt.
    var keyAndSalt: [UInt8] { key + salt }
}
