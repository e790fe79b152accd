import AudioCodecs
import CCodecBaselines
import COpus
import Foundation
import StackTesting
import Testing

/// The speech fixture through each codec, 20 ms at a time, once through the Swift binding and once
/// through the C library called directly (CCodecBaselines) with the same settings; both results are
/// scored with PESQ (`scripts/pesq-score.py`, the `pesq` package `make test` installs). The two must
/// be the same samples and the same score, and the score must reach what the codec is known for.
@Suite struct SpeechQualityTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let fixture: String
        /// A score below this means the codec path is broken: the score measured on 2026-11-23 less
        /// about 0.2. (The fixture's digital silence between words costs the waveform codecs: G.722's
        /// idle noise there is what PESQ-WB marks it down for, 3.00 against 26 dB of SNR.)
        let minimumScore: Double
        let makeBinding: @Sendable () throws -> any AudioCodec
        let makeBaseline: @Sendable () throws -> Baseline
        var testDescription: String { name }
    }

    /// One frame through the C library: PCM in, decoded PCM out (with room for it).
    final class Baseline {
        let frame: (UnsafePointer<Int16>, Int, UnsafeMutablePointer<Int16>) -> Int32
        let free: () -> Void
        init(frame: @escaping (UnsafePointer<Int16>, Int, UnsafeMutablePointer<Int16>) -> Int32, free: @escaping () -> Void) {
            self.frame = frame
            self.free = free
        }
        deinit { free() }
    }

    static func g711(_ law: G711) -> Case {
        Case(name: law == .muLaw ? "PCMU" : "PCMA", fixture: "speech-8k.wav", minimumScore: 3.8,
             makeBinding: { try G711Codec(law) },
             makeBaseline: {
                 let c = try #require(ccb_g711_create(law == .aLaw ? 1 : 0))
                 var payload = [UInt8](repeating: 0, count: 480)
                 return Baseline(frame: { pcm, n, out in ccb_g711_frame(c, pcm, Int32(n), &payload, out) }, free: { ccb_g711_destroy(c) })
             })
    }

    static let g722 = Case(
        name: "G722", fixture: "speech-16k.wav", minimumScore: 2.8,
        makeBinding: { try G722Codec() },
        makeBaseline: {
            let c = try #require(ccb_g722_create())
            var payload = [UInt8](repeating: 0, count: 480)
            return Baseline(frame: { pcm, n, out in ccb_g722_frame(c, pcm, Int32(n), &payload, out) }, free: { ccb_g722_destroy(c) })
        })

    static func opus(rate: Int, bitrate: Int, minimumScore: Double) -> Case {
        let configuration = OpusConfiguration(sampleRate: rate, bitrate: bitrate)
        return Case(
            name: "opus \(rate / 1000) kHz \(bitrate / 1000) kbit/s", fixture: rate == 8000 ? "speech-8k.wav" : "speech-16k.wav",
            minimumScore: minimumScore,
            makeBinding: { try OpusCodec(configuration) },
            makeBaseline: {
                var settings = ccb_opus_settings(
                    sample_rate: Int32(rate), channels: 1, bitrate: Int32(bitrate), complexity: Int32(configuration.complexity),
                    vbr: configuration.variableBitrate ? 1 : 0, inband_fec: configuration.inBandFEC ? 1 : 0,
                    dtx: configuration.discontinuousTransmission ? 1 : 0, loss_percent: Int32(configuration.expectedPacketLossPercent),
                    max_bandwidth: OPUS_BANDWIDTH_FULLBAND)
                let c = try #require(ccb_opus_create(&settings))
                var payload = [UInt8](repeating: 0, count: 4000)
                var length: Int32 = 0
                return Baseline(frame: { pcm, n, out in ccb_opus_frame(c, pcm, Int32(n), &payload, 4000, &length, out, Int32(n)) },
                                free: { ccb_opus_destroy(c) })
            })
    }

    static let cases = [g711(.muLaw), g711(.aLaw), g722,
                        opus(rate: 16000, bitrate: 24000, minimumScore: 3.7), opus(rate: 8000, bitrate: 12000, minimumScore: 3.6)]

    @Test(arguments: cases)
    func bindingScoresAsTheCLibraryCalledDirectly(_ c: Case) throws {
        let reference = try WAVFile(parsing: FixtureLocator.fixture("audio/\(c.fixture)"))
        let frame = reference.sampleRate / 50
        var input = reference.samples
        input += [Int16](repeating: 0, count: (frame - input.count % frame) % frame)

        // Through the binding.
        let codec = try c.makeBinding()
        var ours = [Int16]()
        var payload = [UInt8](repeating: 0, count: codec.descriptor.maximumPayloadSize)
        var decoded = [Int16](repeating: 0, count: frame)
        for start in stride(from: 0, to: input.count, by: frame) {
            var payloadSpan = payload.mutableSpan
            let bytes = try codec.encode(input[start..<(start + frame)].span, into: &payloadSpan)
            var pcmSpan = decoded.mutableSpan
            let n = try codec.decode(payload.span.extracting(0..<bytes), into: &pcmSpan)
            ours += decoded[0..<n]
        }

        // Through the C library.
        let baseline = try c.makeBaseline()
        var theirs = [Int16]()
        for start in stride(from: 0, to: input.count, by: frame) {
            let n = input.withUnsafeBufferPointer { pcm in
                decoded.withUnsafeMutableBufferPointer { out in baseline.frame(pcm.baseAddress! + start, frame, out.baseAddress!) }
            }
            try #require(n == Int32(frame), "the C path decoded \(n) samples of a \(frame)-sample frame")
            theirs += decoded[0..<Int(n)]
        }
        #expect(ours == theirs, "the binding's output differs from the C library's")

        let scores = try Self.pesq(reference: reference, degraded: [ours, theirs])
        print("PESQ \(c.name) (\(reference.sampleRate == 16000 ? "wideband" : "narrowband")): binding \(scores[0]), C library \(scores[1])")
        #expect(scores[0] == scores[1])
        #expect(scores[0] >= c.minimumScore)
    }

    /// The PESQ scores of `degraded` signals (cut to the reference's length) against `reference`.
    static func pesq(reference: WAVFile, degraded: [[Int16]]) throws -> [Double] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pesq-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let referenceURL = folder.appendingPathComponent("reference.wav")
        try Data(reference.serialized()).write(to: referenceURL)
        var paths = [referenceURL.path]
        for (i, samples) in degraded.enumerated() {
            let url = folder.appendingPathComponent("degraded-\(i).wav")
            let wav = try WAVFile(sampleRate: reference.sampleRate, channels: 1, samples: Array(samples.prefix(reference.samples.count)))
            try Data(wav.serialized()).write(to: url)
            paths.append(url.path)
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", FixtureLocator.repositoryRoot.appendingPathComponent("scripts/pesq-score.py").path] + paths
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        try #require(p.terminationStatus == 0,
                     "pesq-score.py failed (make test installs the pesq package): \(String(decoding: e, as: UTF8.self))")
        let scores = String(decoding: o, as: UTF8.self).split(separator: "\n").compactMap { Double($0) }
        try #require(scores.count == degraded.count)
        return scores
    }
}
