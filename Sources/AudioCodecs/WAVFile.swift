/// 16-bit linear PCM audio in a RIFF/WAVE file: what the phone plays from and records to.
///
/// Reading takes `WAVE_FORMAT_PCM` or `WAVE_FORMAT_EXTENSIBLE` with the PCM sub-format, 16 bits per
/// sample, one or two channels, at any rate up to 384 kHz; other chunks (`LIST`, `fact`, …) are
/// skipped. A `data` chunk whose stated size runs past the end of the bytes (as streaming writers
/// leave it) is read up to the last whole frame there. Samples are interleaved when there are two
/// channels. Writing makes a canonical 44-byte-header `WAVE_FORMAT_PCM` file.
public struct WAVFile: Sendable, Hashable {
    /// The largest file read, in bytes (about 17 minutes of 16 kHz stereo): a bound for hostile input.
    public static let maximumBytes = 64 << 20
    /// The highest sample rate accepted.
    public static let maximumSampleRate = 384_000

    /// Samples per second per channel.
    public let sampleRate: Int
    /// 1 (mono) or 2 (stereo).
    public let channels: Int
    /// The samples, interleaved for stereo.
    public let samples: [Int16]

    /// Audio of `channels` (1 or 2) at `sampleRate`; `samples` holds whole frames.
    public init(sampleRate: Int, channels: Int, samples: [Int16]) throws(WAVError) {
        guard (1...Self.maximumSampleRate).contains(sampleRate) else { throw .unsupportedFormat("sample rate \(sampleRate) Hz") }
        guard channels == 1 || channels == 2 else { throw .unsupportedFormat("\(channels) channels") }
        guard samples.count % channels == 0 else { throw .invalidFormat("\(samples.count) samples do not make whole \(channels)-channel frames") }
        guard samples.count * 2 <= Self.maximumBytes else { throw .tooLarge(limit: Self.maximumBytes) }
        self.sampleRate = sampleRate
        self.channels = channels
        self.samples = samples
    }

    /// Frames (samples per channel).
    public var frameCount: Int { samples.count / channels }

    /// The length in seconds.
    public var duration: Double { Double(frameCount) / Double(sampleRate) }

    /// The same audio with stereo mixed down to mono by averaging the two channels (rounding toward
    /// zero); mono audio is returned unchanged.
    public func mixedDownToMono() -> WAVFile {
        guard channels == 2 else { return self }
        var mono = [Int16]()
        mono.reserveCapacity(frameCount)
        for frame in 0..<frameCount {
            mono.append(Int16((Int(samples[2 * frame]) + Int(samples[2 * frame + 1])) / 2))
        }
        return WAVFile(unchecked: sampleRate, 1, mono)
    }

    private init(unchecked sampleRate: Int, _ channels: Int, _ samples: [Int16]) {
        self.sampleRate = sampleRate
        self.channels = channels
        self.samples = samples
    }

    // MARK: Reading

    /// Parses a WAVE file's bytes.
    public init(parsing bytes: [UInt8]) throws(WAVError) {
        guard bytes.count <= Self.maximumBytes else { throw .tooLarge(limit: Self.maximumBytes) }
        guard bytes.count >= 12, Self.fourCC(bytes, 0) == "RIFF", Self.fourCC(bytes, 8) == "WAVE" else { throw .notWAVE }
        var format: (rate: Int, channels: Int)?
        var offset = 12
        // The RIFF size is often wrong in the wild; the chunks are walked to the end of the bytes.
        while offset + 8 <= bytes.count {
            let id = Self.fourCC(bytes, offset)
            let size = Int(Self.u32(bytes, offset + 4))
            let body = offset + 8
            let available = bytes.count - body
            switch id {
            case "fmt ":
                guard size <= available else { throw .truncated("fmt ") }
                format = try Self.parseFormat(bytes[body..<(body + size)])
            case "data":
                guard let format else { throw .invalidFormat("the data chunk comes before the fmt chunk") }
                let blockAlign = 2 * format.channels
                let length = min(size, available) / blockAlign * blockAlign
                var samples = [Int16](repeating: 0, count: length / 2)
                for i in 0..<samples.count {
                    samples[i] = Int16(bitPattern: UInt16(bytes[body + 2 * i]) | UInt16(bytes[body + 2 * i + 1]) << 8)
                }
                self.init(unchecked: format.rate, format.channels, samples)
                return
            default:
                guard size <= available else { throw .truncated(id) }
            }
            // Chunks are padded to an even length (the pad byte may be missing at the very end).
            offset = body + size + (size & 1)
        }
        throw format == nil ? .missingChunk("fmt ") : .missingChunk("data")
    }

    /// The rate and channels of a `fmt ` chunk's body, when it describes 16-bit PCM.
    private static func parseFormat(_ body: ArraySlice<UInt8>) throws(WAVError) -> (rate: Int, channels: Int) {
        guard body.count >= 16 else { throw .invalidFormat("fmt chunk of \(body.count) bytes, 16 at least") }
        let b = Array(body)
        var tag = Int(u16(b, 0))
        let channels = Int(u16(b, 2)), rate = Int(u32(b, 4)), byteRate = Int(u32(b, 8))
        let blockAlign = Int(u16(b, 12)), bits = Int(u16(b, 14))
        if tag == 0xFFFE {
            // WAVE_FORMAT_EXTENSIBLE: cbSize, valid bits, channel mask, then the sub-format GUID,
            // whose first two bytes are the format tag.
            guard b.count >= 40, u16(b, 16) >= 22 else { throw .invalidFormat("a short WAVE_FORMAT_EXTENSIBLE fmt chunk") }
            tag = Int(u16(b, 24))
        }
        guard tag == 1 else { throw .unsupportedFormat("format tag \(tag), not PCM") }
        guard bits == 16 else { throw .unsupportedFormat("\(bits)-bit samples") }
        guard channels == 1 || channels == 2 else { throw .unsupportedFormat("\(channels) channels") }
        guard (1...maximumSampleRate).contains(rate) else { throw .unsupportedFormat("sample rate \(rate) Hz") }
        guard blockAlign == 2 * channels, byteRate == rate * blockAlign else {
            throw .invalidFormat("block align \(blockAlign) and byte rate \(byteRate) do not match \(channels) × 16 bits at \(rate) Hz")
        }
        return (rate, channels)
    }

    private static func fourCC(_ b: [UInt8], _ at: Int) -> String {
        String(decoding: b[at..<(at + 4)], as: UTF8.self)
    }

    private static func u16(_ b: [UInt8], _ at: Int) -> UInt16 { UInt16(b[at]) | UInt16(b[at + 1]) << 8 }

    private static func u32(_ b: [UInt8], _ at: Int) -> UInt32 {
        UInt32(b[at]) | UInt32(b[at + 1]) << 8 | UInt32(b[at + 2]) << 16 | UInt32(b[at + 3]) << 24
    }

    // MARK: Writing

    /// The file's bytes: a RIFF header, a 16-byte `fmt ` chunk and the `data` chunk.
    public func serialized() -> [UInt8] {
        let dataBytes = samples.count * 2
        var out = [UInt8]()
        out.reserveCapacity(44 + dataBytes)
        func put32(_ v: Int) { for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: v >> shift)) } }
        func put16(_ v: Int) { out.append(UInt8(truncatingIfNeeded: v)); out.append(UInt8(truncatingIfNeeded: v >> 8)) }
        out += Array("RIFF".utf8); put32(36 + dataBytes); out += Array("WAVE".utf8)
        out += Array("fmt ".utf8); put32(16)
        put16(1); put16(channels); put32(sampleRate); put32(sampleRate * channels * 2); put16(channels * 2); put16(16)
        out += Array("data".utf8); put32(dataBytes)
        for s in samples { put16(Int(s)) }
        return out
    }
}

/// Why bytes are not a WAVE file this stack reads.
public enum WAVError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The bytes do not start with a RIFF/WAVE header.
    case notWAVE
    /// A chunk runs past the end of the bytes.
    case truncated(String)
    /// A required chunk (`fmt ` or `data`) is absent.
    case missingChunk(String)
    /// The file is well formed but not 16-bit PCM mono or stereo at a supported rate.
    case unsupportedFormat(String)
    /// The format description contradicts itself.
    case invalidFormat(String)
    /// The file is larger than ``WAVFile/maximumBytes``.
    case tooLarge(limit: Int)

    public var description: String {
        switch self {
        case .notWAVE: return "not a RIFF/WAVE file"
        case .truncated(let chunk): return "the \(chunk.trimmingSuffixSpaces) chunk is cut short"
        case .missingChunk(let chunk): return "no \(chunk.trimmingSuffixSpaces) chunk"
        case .unsupportedFormat(let what): return "unsupported WAVE format: \(what) (16-bit PCM, mono or stereo, is read)"
        case .invalidFormat(let why): return "invalid WAVE format: \(why)"
        case .tooLarge(let limit): return "the WAVE file is larger than \(limit) bytes"
        }
    }
}

extension String {
    fileprivate var trimmingSuffixSpaces: Substring {
        var s = self[...]
        while s.last == " " { s = s.dropLast() }
        return s
    }
}
