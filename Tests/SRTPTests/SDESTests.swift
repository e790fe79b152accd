import SRTP
import StackCore
import StackTesting
import Testing

@Suite struct SDESTests {
    @Test func rfc4568ExampleKeyParametersParse() throws {
        // RFC 4568 §6.1's example: a 30-byte key and salt, lifetime 2^20, MKI 1 in 4 bytes.
        let keys = try SDESKeyParameters.parse("inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:4", profile: .aesCM128HMACSHA1_80)
        let key = try #require(keys.first)
        #expect(keys.count == 1 && key.key.count == 16 && key.salt.count == 14)
        let mki = try SRTPMKI(value: 1, length: 4)
        #expect(key.lifetime == 1 << 20 && key.mki == mki)
        #expect(SDESKeyParameters.format(key) == "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:4")
    }

    @Test func lifetimeAndMKIAreOptionalAndOrdered() throws {
        let base = "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR"
        #expect(try SDESKeyParameters.parseOne(base, profile: .aesCM128HMACSHA1_32).lifetime == nil)
        #expect(try SDESKeyParameters.parseOne(base + "|1000", profile: .aesCM128HMACSHA1_32).lifetime == 1000)
        #expect(try SDESKeyParameters.parseOne(base + "|7:1", profile: .aesCM128HMACSHA1_32).mki?.value == 7)
        let two = try SDESKeyParameters.parse(base + "|2^20|1:4;" + base + "|2^20|2:4", profile: .aesCM128HMACSHA1_80)
        #expect(two.map { $0.mki?.value } == [1, 2])
        for bad in [base + "|1:4|2^20", base + "|2^49", base + "|0", base + "|1:0", base + "|300:1", base + "|x",
                    base + "|1|2|3", "uri:" + base.dropFirst(7), "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVB",
                    "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaV!R", base + ";" + base, ""] {
            #expect(throws: SRTPError.self, "\(bad)") { try SDESKeyParameters.parse(bad, profile: .aesCM128HMACSHA1_80) }
        }
        let many = Array(repeating: base + "|1:4", count: SDESKeyParameters.maximumKeys + 1).joined(separator: ";")
        #expect(throws: SRTPError.self) { try SDESKeyParameters.parse(many, profile: .aesCM128HMACSHA1_80) }
    }

    @Test(arguments: SRTPProfile.allCases)
    func generatedKeysRoundTripThroughInline(profile: SRTPProfile) throws {
        var random = SeededRandom(seed: 5)
        let key = try SRTPMasterKey.generate(profile: profile, lifetime: 1 << 31, using: &random)
        let text = SDESKeyParameters.format(key)
        // RFC 7714 §12: GCM keys carry 28 or 44 bytes (base64 with padding).
        #expect(text.count == "inline:".count + (profile.keyAndSaltLength + 2) / 3 * 4 + "|2^31".count)
        #expect(try SDESKeyParameters.parseOne(text, profile: profile) == key)
        #expect(throws: SRTPError.self) {
            try SDESKeyParameters.parseOne(text, profile: profile == .aeadAES256GCM ? .aeadAES128GCM : .aeadAES256GCM)
        }
    }

    @Test func systemKeysAreFreshEachTime() throws {
        let a = try SRTPMasterKey.generate(profile: .aesCM128HMACSHA1_80)
        let b = try SRTPMasterKey.generate(profile: .aesCM128HMACSHA1_80)
        #expect(a.key != b.key && a.salt != b.salt)
    }

    @Test func suiteNamesMatchRFC4568AndRFC7714() {
        #expect(SRTPProfile.allCases.map(\.sdesName) == ["AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32", "AEAD_AES_128_GCM", "AEAD_AES_256_GCM"])
        #expect(SRTPProfile(sdesName: "F8_128_HMAC_SHA1_80") == nil)
    }

    @Test func base64FollowsRFC4648() {
        let vectors = [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")]
        for (plain, encoded) in vectors {
            #expect(Base64.encode(Array(plain.utf8)) == encoded)
            #expect(Base64.decode(encoded) == Array(plain.utf8))
            #expect(Base64.decode(encoded.filter { $0 != "=" }) == Array(plain.utf8))
        }
        for bad in ["Z", "Zg=", "Zh==", "Zm9v=", "Zm 9", "Z===", "=Zm9"] { #expect(Base64.decode(bad) == nil, "\(bad)") }
    }
}
