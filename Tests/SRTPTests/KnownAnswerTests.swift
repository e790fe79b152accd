import CSRTPVectorSupport
import Foundation
import SRTP
import StackTesting
import Testing

/// The known-answer vectors of ../shared/corpora/crypto-vectors: RFC 3711 (via libsrtp's driver)
/// and RFC 7714 §16–§17, read from the RFC's own text.
@Suite struct KnownAnswerTests {
    // RFC 3711 B.3's master key and salt; the packets are those of the corpus README §3.
    static let rfc3711Key = Hex.bytes("e1f97a0d3e018be0d64fa32c06de4139 0ec675ad498afeebb6960b3aabe6")
    static let rtpPlain = Hex.bytes("800f1234 decafbad cafebabe abababababababababababababababab")
    static let rtpProtected = Hex.bytes("800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402 b78d6acc99ea179b8dbb")
    static let rtcpPlain = Hex.bytes("81c8000b cafebabe abababababababababababababababab")
    static let rtcpProtected = Hex.bytes("81c8000bcafebabe7128035be487b9bdbef89041f977a5a8 80000001 993e08cd54d6c1230798")

    // RFC 7714 §16: key 00 01 … 0f (or … 1f), salt "Quid pro quo".
    static let gcmSalt = Array("Quid pro quo".utf8)
    static func gcmKey(_ profile: SRTPProfile) throws -> SRTPMasterKey {
        try SRTPMasterKey(profile: profile, key: (0..<UInt8(profile.keyLength)).map { $0 }, salt: gcmSalt)
    }

    /// The lines of section `heading` (up to the next numbered heading) of an RFC 7714 vector file.
    static func section(_ heading: String, file: String) throws -> [String]? {
        guard let corpora = FixtureLocator.sharedCorpora else { return nil }
        let text = try String(contentsOf: corpora.appendingPathComponent("crypto-vectors/rfc7714/\(file)"), encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0.hasPrefix(heading + " ") }) else { return nil }
        let end = lines[(start + 1)...].firstIndex { $0.range(of: #"^\d+\.\d+(\.\d+)?\. "#, options: .regularExpression) != nil } ?? lines.endIndex
        return Array(lines[start..<end])
    }

    /// The hex block under the line that contains `label` (up to the next blank line).
    static func block(_ label: String, in lines: [String]) -> [UInt8]? {
        guard let at = lines.firstIndex(where: { $0.contains(label) }) else { return nil }
        var hex = ""
        for line in lines[(at + 1)...] {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { if hex.isEmpty { continue } else { break } }
            hex += t.replacingOccurrences(of: " ", with: "")
        }
        return Hex.bytes(hex)
    }

    @Test func rfc3711PacketsMatchLibsrtpsDriver() throws {
        let key = try SRTPMasterKey(profile: .aesCM128HMACSHA1_80, keyAndSalt: Self.rfc3711Key)
        let sender = try SRTPContext(key: key, direction: .outbound)
        #expect(try sender.protectRTP(Self.rtpPlain) == Self.rtpProtected)
        // The first SRTCP packet carries index 1 with the E bit.
        #expect(try sender.protectRTCP(Self.rtcpPlain) == Self.rtcpProtected)
        let receiver = try SRTPContext(key: key, direction: .inbound)
        #expect(try receiver.unprotectRTP(Self.rtpProtected) == Self.rtpPlain)
        #expect(try receiver.unprotectRTCP(Self.rtcpProtected) == Self.rtcpPlain)
        #expect(receiver.statistics.unprotected == 2)
    }

    /// libsrtp's own GCM reference packets (its test driver's srtp_validate_gcm): the binding's
    /// GCM policy, key and 12-byte salt layout give the same bytes.
    @Test func gcmPacketsMatchLibsrtpsDriver() throws {
        let key = try SRTPMasterKey(profile: .aeadAES128GCM, key: Hex.bytes("000102030405060708090a0b0c0d0e0f"),
                                    salt: Hex.bytes("a0a1a2a3a4a5a6a7a8a9aaab"))
        let rtpPlain = Hex.bytes("800f1234decafbadcafebabe abababababababababababababababab")
        let rtp = Hex.bytes("800f1234decafbadcafebabe c5002ede04cfdd2eb91159e0880aa06ed2976826f796b201df3131a127e8a392")
        let rtcpPlain = Hex.bytes("81c8000bcafebabe abababababababababababababababab")
        let rtcp = Hex.bytes("81c8000bcafebabe c98b8b5df0392a55852b6c21ac8e7025c52c6fbea2b3b446ea31123ba88ce61e 80000001")
        let sender = try SRTPContext(key: key, direction: .outbound)
        #expect(try sender.protectRTP(rtpPlain) == rtp)
        #expect(try sender.protectRTCP(rtcpPlain) == rtcp)
        let receiver = try SRTPContext(key: key, direction: .inbound)
        #expect(try receiver.unprotectRTP(rtp) == rtpPlain)
        #expect(try receiver.unprotectRTCP(rtcp) == rtcpPlain)
    }

    // MARK: Session-key vectors, through libsrtp's ciphers

    /// Makes a context once so that libsrtp is initialised before its ciphers are used directly.
    static func initialiseLibrary() throws {
        _ = try SRTPContext(key: SRTPMasterKey(profile: .aesCM128HMACSHA1_80, keyAndSalt: rfc3711Key), direction: .outbound)
    }

    static func keystream(keyAndSalt: [UInt8], iv: [UInt8], count: Int) throws -> [UInt8] {
        try initialiseLibrary()
        var out = [UInt8](repeating: 0, count: count)
        let rc = srtp_vectors_icm_keystream(Int32(keyAndSalt.count), keyAndSalt, iv, &out, UInt32(count))
        try #require(rc == 0)
        return out
    }

    /// The RFC 3711 §4.3.1 key derivation with kdr = 0 at index 0: AES-CM keystream under the master
    /// key, with the label in byte 7 of the IV XORed onto the master salt.
    static func derive(master: [UInt8], salt: [UInt8], label: UInt8, count: Int) throws -> [UInt8] {
        var iv = [UInt8](repeating: 0, count: 16)
        iv[7] = label
        return try keystream(keyAndSalt: master + salt, iv: iv, count: count)
    }

    @Test func rfc3711AndRFC6188Keystreams() throws {
        let iv = Hex.bytes("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000")
        let zeroSalt = [UInt8](repeating: 0, count: 14)
        // RFC 3711 Appendix B.2.
        #expect(try Self.keystream(keyAndSalt: Hex.bytes("2B7E151628AED2A6ABF7158809CF4F3C") + zeroSalt, iv: iv, count: 48)
            == Hex.bytes("E03EAD0935C95E80E166B16DD92B4EB4 D23513162B02D0F72A43A2FE4A5F97AB 41E95B3BB0A2E8DD477901E4FCA894C0"))
        // RFC 6188 §7.1.
        #expect(try Self.keystream(keyAndSalt: Hex.bytes("57f82fe3613fd170a85ec93c40b1f0922ec4cb0dc025b58272147cc438944a98") + zeroSalt,
                                   iv: iv, count: 48)
            == Hex.bytes("92bdd28a93c3f52511c677d08b5515a49da71b2378a854f67050756ded165bac63c4868b7096d88421b563b8c94c9a31"))
    }

    @Test func rfc3711AndRFC6188KeyDerivation() throws {
        // RFC 3711 Appendix B.3.
        let master = Hex.bytes("E1F97A0D3E018BE0D64FA32C06DE4139"), salt = Hex.bytes("0EC675AD498AFEEBB6960B3AABE6")
        #expect(try Self.derive(master: master, salt: salt, label: 0, count: 16) == Hex.bytes("C61E7A93744F39EE10734AFE3FF7A087"))
        #expect(try Self.derive(master: master, salt: salt, label: 2, count: 14) == Hex.bytes("30CBBC08863D8C85D49DB34A9AE1"))
        #expect(try Self.derive(master: master, salt: salt, label: 1, count: 94) == Hex.bytes("""
            CEBE321F6FF7716B6FD4AB49AF256A156D38BAA48F0A0ACF3C34E2359E6CDBCE
            E049646C43D9327AD175578EF72270986371C10C9A369AC2F94A8C5FBCDDDC25
            6D6E919A48B610EF17C2041E474035766B68642C59BBFC2F34DB60DBDFB2
            """))
        // RFC 6188 §7.2 (AES-256).
        let master256 = Hex.bytes("f0f04914b513f2763a1b1fa130f10e2998f6f6e43e4309d1e622a0e332b9f1b6")
        let salt256 = Hex.bytes("3b04803de51ee7c96423ab5b78d2")
        #expect(try Self.derive(master: master256, salt: salt256, label: 0, count: 32)
            == Hex.bytes("5ba1064e30ec51613cad926c5a28ef731ec7fb397f70a960653caf06554cd8c4"))
        #expect(try Self.derive(master: master256, salt: salt256, label: 2, count: 14) == Hex.bytes("fa31791685ca444a9e07c6c64e93"))
        #expect(try Self.derive(master: master256, salt: salt256, label: 1, count: 20) == Hex.bytes("fd9c32d39ed5fbb5a9dc96b30818454d1313dc05"))
    }

    /// AES-GCM of `plain` under the RFC 7714 key of `bytes` bytes with `iv` and `aad`: cipher then tag.
    static func gcm(keyBytes: Int, iv: [UInt8], aad: [UInt8], plain: [UInt8]) throws -> [UInt8] {
        try initialiseLibrary()
        let key = (0..<UInt8(keyBytes)).map { $0 }
        var buffer = plain
        var tag = [UInt8](repeating: 0, count: 16)
        let rc = srtp_vectors_gcm_encrypt(Int32(keyBytes), key, iv, aad, UInt32(aad.count), &buffer, UInt32(buffer.count), &tag)
        try #require(rc == 0)
        return buffer + tag
    }

    static func xor(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] { zip(a, b).map { $0 ^ $1 } }

    /// RFC 7714 §8.1: the SRTP IV is 00 00 || SSRC || ROC || SEQ, XORed with the salt.
    static func rtpIV(_ packet: [UInt8], roc: UInt32 = 0) -> [UInt8] {
        xor([0, 0] + Array(packet[8..<12]) + [UInt8(roc >> 24), UInt8(roc >> 16 & 0xff), UInt8(roc >> 8 & 0xff), UInt8(roc & 0xff)]
            + Array(packet[2..<4]), gcmSalt)
    }

    /// RFC 7714 §9.1: the SRTCP IV is 00 00 || SSRC || 00 00 || 0 + 31-bit index, XORed with the salt.
    static func rtcpIV(_ packet: [UInt8], index: UInt32) -> [UInt8] {
        xor([0, 0] + Array(packet[4..<8]) + [0, 0, UInt8(index >> 24 & 0x7f), UInt8(index >> 16 & 0xff), UInt8(index >> 8 & 0xff), UInt8(index & 0xff)], gcmSalt)
    }

    @Test(arguments: [("16.1", 16), ("16.2", 32)])
    func rfc7714RTPVectors(section: String, keyBytes: Int) throws {
        guard let encrypt = try Self.section(section + ".1.", file: "rtp-vectors.txt"),
              let decrypt = try Self.section(section + ".2.", file: "rtp-vectors.txt") else {
            print("SKIP: ../shared/corpora/crypto-vectors/rfc7714 absent"); return
        }
        let plain = try #require(Self.block("Encrypting the following packet:", in: encrypt))
        let expected = try #require(Self.block("Encrypted and tagged packet:", in: encrypt))
        #expect(plain.count == 50 && expected.count == 66)
        // The header is the AAD; the payload is encrypted; the tag follows.
        let header = Array(plain[0..<12])
        let sealed = try Self.gcm(keyBytes: keyBytes, iv: Self.rtpIV(plain), aad: header, plain: Array(plain[12...]))
        #expect(header + sealed == expected)
        // The decryption vector is the same packet: it opens to the same plaintext.
        #expect(Self.block("Decrypting the following packet:", in: decrypt) == expected)
        #expect(Self.block("Verified and tagged packet:", in: decrypt) == Array(plain[12...]))
    }

    @Test(arguments: [("17.1.", 16, true), ("17.2.", 32, true), ("17.3.", 16, false), ("17.4.", 32, false)])
    func rfc7714RTCPVectors(section: String, keyBytes: Int, encrypted: Bool) throws {
        guard let lines = try Self.section(section, file: "rtcp-vectors.txt") else {
            print("SKIP: ../shared/corpora/crypto-vectors/rfc7714 absent"); return
        }
        let index: UInt32 = 0x5d4
        let esrtcp: [UInt8] = [encrypted ? 0x80 : 0x00, 0x00, 0x05, 0xd4]
        let plain: [UInt8], expected: [UInt8]
        switch section {
        case "17.1.": plain = try #require(Self.block("Encrypting the following packet:", in: lines)); expected = try #require(Self.block("Encrypted and tagged packet:", in: lines))
        case "17.2.": plain = try #require(Self.block("Verified and decrypted packet:", in: lines)); expected = try #require(Self.block("Decrypting the following packet:", in: lines))
        case "17.3.": plain = try #require(Self.block("Tagging the following packet:", in: lines)); expected = try #require(Self.block("Tagged packet:", in: lines))
        default: expected = try #require(Self.block("Verifying the following packet:", in: lines)); plain = Array(expected[0..<(expected.count - 20)])
        }
        let iv = Self.rtcpIV(plain, index: index)
        let produced: [UInt8]
        if encrypted {
            // RFC 7714 §9.2: AAD is the first 8 octets and the ESRTCP word; the rest is encrypted.
            produced = Array(plain[0..<8]) + (try Self.gcm(keyBytes: keyBytes, iv: iv, aad: Array(plain[0..<8]) + esrtcp, plain: Array(plain[8...]))) + esrtcp
        } else {
            // §9.3: tagging only, the whole packet and the ESRTCP word are AAD.
            produced = plain + (try Self.gcm(keyBytes: keyBytes, iv: iv, aad: plain + esrtcp, plain: [])) + esrtcp
        }
        #expect(produced == expected)
    }
}
