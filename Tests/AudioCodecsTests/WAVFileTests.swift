import AudioCodecs
import StackTesting
import Testing

@Suite struct WAVFileTests {
    /// A header and fmt chunk as a writer other than ours might lay them out.
    static func header(tag: UInt16 = 1, channels: UInt16 = 1, rate: UInt32 = 8000, bits: UInt16 = 16,
                       blockAlign: UInt16? = nil, extra: [UInt8] = []) -> [UInt8] {
        let align = blockAlign ?? channels * 2
        var fmt = le16(tag) + le16(channels) + le32(rate) + le32(rate * UInt32(align)) + le16(align) + le16(bits)
        fmt += extra
        return Array("RIFF".utf8) + le32(0) + Array("WAVE".utf8) + Array("fmt ".utf8) + le32(UInt32(fmt.count)) + fmt
    }

    static func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    static func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }

    @Test func roundTripsThroughItsOwnBytes() throws {
        let wav = try WAVFile(sampleRate: 48000, channels: 2, samples: [1, -1, 32767, -32768, 0, 12345])
        let bytes = wav.serialized()
        #expect(bytes.count == 44 + 12)
        #expect(Array(bytes[0..<4]) == Array("RIFF".utf8) && Array(bytes[4..<8]) == Self.le32(36 + 12))
        let back = try WAVFile(parsing: bytes)
        #expect(back == wav && back.frameCount == 3)
    }

    @Test func readsTheCommittedSpeechFixtures() throws {
        let wide = try WAVFile(parsing: FixtureLocator.fixture("audio/speech-16k.wav"))
        let narrow = try WAVFile(parsing: FixtureLocator.fixture("audio/speech-8k.wav"))
        #expect(wide.sampleRate == 16000 && wide.channels == 1 && wide.frameCount == 235_447)
        #expect(narrow.sampleRate == 8000 && narrow.channels == 1 && narrow.frameCount == 117_724)
        #expect(abs(wide.duration - 14.715) < 0.001)
    }

    @Test func skipsOtherChunksPadsOddOnesAndReadsExtensible() throws {
        // A LIST chunk of odd length (so a pad byte) before data, in a WAVE_FORMAT_EXTENSIBLE file
        // whose sub-format GUID starts with the PCM tag.
        let extensible = Self.le16(22) + Self.le16(16) + Self.le32(3) + [1, 0, 0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xAA, 0, 0x38, 0x9B, 0x71]
        var bytes = Self.header(tag: 0xFFFE, channels: 2, rate: 16000, extra: extensible)
        bytes += Array("LIST".utf8) + Self.le32(3) + [7, 7, 7, 0]
        bytes += Array("data".utf8) + Self.le32(8) + [0x10, 0, 0x20, 0, 0xFF, 0xFF, 0x00, 0x80]
        let wav = try WAVFile(parsing: bytes)
        #expect(wav.sampleRate == 16000 && wav.channels == 2 && wav.samples == [16, 32, -1, -32768])
        #expect(wav.mixedDownToMono().samples == [24, -16384])
        #expect(wav.mixedDownToMono().channels == 1)
    }

    @Test func aDataSizeRunningPastTheEndReadsTheWholeFramesThere() throws {
        // Streaming writers leave 0xFFFFFFFF; the half frame at the end is dropped.
        let bytes = Self.header(channels: 2) + Array("data".utf8) + Self.le32(0xFFFF_FFFF) + [1, 0, 2, 0, 3, 0]
        let wav = try WAVFile(parsing: bytes)
        #expect(wav.samples == [1, 2])
    }

    @Test func badFilesAreTypedErrors() {
        let data = Array("data".utf8) + Self.le32(2) + [0, 0]
        let cases: [([UInt8], WAVError)] = [
            ([], .notWAVE),
            (Array("RIFF\0\0\0\0AVI ".utf8), .notWAVE),
            (Self.header(tag: 3) + data, .unsupportedFormat("format tag 3, not PCM")),
            (Self.header(bits: 8) + data, .unsupportedFormat("8-bit samples")),
            (Self.header(channels: 6) + data, .unsupportedFormat("6 channels")),
            (Self.header(rate: 0) + data, .unsupportedFormat("sample rate 0 Hz")),
            (Self.header(blockAlign: 4) + data,
             .invalidFormat("block align 4 and byte rate 32000 do not match 1 × 16 bits at 8000 Hz")),
            (Array(Self.header().dropLast(4)), .truncated("fmt ")),
            (Self.header(), .missingChunk("data")),
            (Array("RIFF".utf8) + Self.le32(0) + Array("WAVE".utf8) + data, .invalidFormat("the data chunk comes before the fmt chunk")),
            (Array("RIFF".utf8) + Self.le32(0) + Array("WAVE".utf8), .missingChunk("fmt ")),
            (Self.header() + Array("junk".utf8) + Self.le32(100) + [0], .truncated("junk")),
            (Self.header(tag: 0xFFFE), .invalidFormat("a short WAVE_FORMAT_EXTENSIBLE fmt chunk")),
        ]
        for (bytes, expected) in cases {
            #expect(throws: expected) { try WAVFile(parsing: bytes) }
        }
        #expect(throws: WAVError.tooLarge(limit: WAVFile.maximumBytes)) {
            try WAVFile(parsing: [UInt8](repeating: 0, count: WAVFile.maximumBytes + 1))
        }
        #expect(throws: WAVError.invalidFormat("3 samples do not make whole 2-channel frames")) {
            try WAVFile(sampleRate: 8000, channels: 2, samples: [1, 2, 3])
        }
        #expect(WAVError.truncated("fmt ").description == "the fmt chunk is cut short")
    }

    /// Arbitrary bytes after a valid header never crash the reader.
    @Test func randomTailsNeverCrash() {
        var random = SeededRandom(seed: 42)
        for _ in 0..<2000 {
            var bytes = Self.header()
            let n = Int(random.next() % 64)
            for _ in 0..<n { bytes.append(UInt8(truncatingIfNeeded: random.next())) }
            if random.next() % 2 == 0, !bytes.isEmpty { bytes[Int(random.next() % UInt64(bytes.count))] ^= 0xFF }
            _ = try? WAVFile(parsing: bytes)
        }
    }
}
