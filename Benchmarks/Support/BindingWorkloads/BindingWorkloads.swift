import AudioCodecs
import CCodecBaselines
import COpus
import Foundation
import SRTP

// The work issue 6's overhead target compares, each through the Swift binding and through the C
// library called directly (CCodecBaselines: the same calls a C program makes, with the same
// settings). `CodecBenchmarks`/`SRTPBenchmarks` time it; `BindingCost`, under callgrind, counts
// its instructions (scripts/bench-bindings.sh). Each run takes the iterations to do and calls
// `start`/`stop` around them, so that set-up stays out of the measurement.

/// Encode plus decode of one 20 ms frame of the speech fixture, frame after frame.
public enum CodecWorkload: String, CaseIterable, Sendable {
    case pcmu, pcma, g722, opus

    /// How benchmarks name it.
    public var title: String {
        switch self {
        case .pcmu: "PCMU 20 ms encode+decode"
        case .pcma: "PCMA 20 ms encode+decode"
        case .g722: "G722 20 ms encode+decode"
        case .opus: "Opus 48 kHz 32 kbit/s 20 ms encode+decode"
        }
    }

    /// Opus at 48 kHz mono, 32 kbit/s, the binding's defaults otherwise (complexity 9, VBR, voice).
    static let opusConfiguration = OpusConfiguration(sampleRate: 48000, bitrate: 32000)

    var speech: Speech {
        switch self {
        case .pcmu, .pcma: Speech.narrow
        case .g722: Speech.wide
        case .opus: Speech.full
        }
    }

    /// Runs one frame per element of `iterations` through the binding, or the C library when `direct`.
    public func run(direct: Bool, iterations: some Sequence, start: () -> Void = {}, stop: () -> Void = {}) throws {
        direct ? try runDirect(iterations, start, stop) : try runBinding(iterations, start, stop)
    }

    private func runBinding(_ iterations: some Sequence, _ start: () -> Void, _ stop: () -> Void) throws {
        let codec: any AudioCodec = switch self {
        case .pcmu: try G711Codec(.muLaw)
        case .pcma: try G711Codec(.aLaw)
        case .g722: try G722Codec()
        case .opus: try OpusCodec(Self.opusConfiguration)
        }
        try loop(codec, speech, iterations, start, stop)
    }

    private func loop(_ codec: some AudioCodec, _ speech: Speech, _ iterations: some Sequence, _ start: () -> Void, _ stop: () -> Void) throws {
        var payload = [UInt8](repeating: 0, count: codec.descriptor.maximumPayloadSize)
        var decoded = [Int16](repeating: 0, count: speech.frame)
        var frame = 0
        start()
        for _ in iterations {
            let offset = frame * speech.frame
            var payloadSpan = payload.mutableSpan
            let bytes = try codec.encode(speech.samples.span.extracting(offset..<(offset + speech.frame)), into: &payloadSpan)
            var pcm = decoded.mutableSpan
            guard try codec.decode(payload.span.extracting(0..<bytes), into: &pcm) == speech.frame else { fatalError("decode failed") }
            frame = frame + 1 == speech.frames ? 0 : frame + 1
        }
        stop()
        withExtendedLifetime(decoded) {}
    }

    private func runDirect(_ iterations: some Sequence, _ start: () -> Void, _ stop: () -> Void) throws {
        switch self {
        case .pcmu, .pcma:
            guard let c = ccb_g711_create(self == .pcma ? 1 : 0) else { fatalError("ccb_g711_create") }
            defer { ccb_g711_destroy(c) }
            var payload = [UInt8](repeating: 0, count: 480)
            directLoop(speech, iterations, start, stop) { pcm, out in ccb_g711_frame(c, pcm, 160, &payload, out) }
        case .g722:
            guard let c = ccb_g722_create() else { fatalError("ccb_g722_create") }
            defer { ccb_g722_destroy(c) }
            var payload = [UInt8](repeating: 0, count: 480)
            directLoop(speech, iterations, start, stop) { pcm, out in ccb_g722_frame(c, pcm, 320, &payload, out) }
        case .opus:
            let o = Self.opusConfiguration
            var settings = ccb_opus_settings(
                sample_rate: 48000, channels: 1, bitrate: 32000, complexity: Int32(o.complexity), vbr: o.variableBitrate ? 1 : 0,
                inband_fec: o.inBandFEC ? 1 : 0, dtx: o.discontinuousTransmission ? 1 : 0,
                loss_percent: Int32(o.expectedPacketLossPercent), max_bandwidth: OPUS_BANDWIDTH_FULLBAND)
            guard let c = ccb_opus_create(&settings) else { fatalError("ccb_opus_create") }
            defer { ccb_opus_destroy(c) }
            var payload = [UInt8](repeating: 0, count: 4000)
            var length: Int32 = 0
            directLoop(speech, iterations, start, stop) { pcm, out in ccb_opus_frame(c, pcm, 960, &payload, 4000, &length, out, 960) }
        }
    }

    private func directLoop(_ speech: Speech, _ iterations: some Sequence, _ start: () -> Void, _ stop: () -> Void,
                            _ body: (UnsafePointer<Int16>, UnsafeMutablePointer<Int16>) -> Int32) {
        var decoded = [Int16](repeating: 0, count: speech.frame)
        var frame = 0
        speech.samples.withUnsafeBufferPointer { samples in
            decoded.withUnsafeMutableBufferPointer { out in
                start()
                for _ in iterations {
                    guard body(samples.baseAddress! + frame * speech.frame, out.baseAddress!) == Int32(speech.frame) else {
                        fatalError("the C frame failed")
                    }
                    frame = frame + 1 == speech.frames ? 0 : frame + 1
                }
                stop()
            }
        }
    }
}

/// Protect plus unprotect of one RTP packet with a 160-byte payload (20 ms of G.711). Each
/// iteration writes the next sequence number and timestamp into a fresh copy of the packet, the
/// same way for both.
public enum SRTPWorkload {
    /// V=2, PT 0, SSRC 0x11223344, 160 bytes of payload.
    static let template: [UInt8] = [0x80, 0x00, 0, 0, 0, 0, 0, 0, 0x11, 0x22, 0x33, 0x44]
        + (0..<160).map { UInt8(truncatingIfNeeded: $0 &* 37) }

    /// How benchmarks name it.
    public static func title(_ profile: SRTPProfile) -> String { "\(profile.sdesName) protect+unprotect 160-byte payload" }

    /// Runs one packet per element of `iterations` through SRTPContext, or libsrtp when `direct`.
    public static func run(_ profile: SRTPProfile, direct: Bool, iterations: some Sequence,
                           start: () -> Void = {}, stop: () -> Void = {}) throws {
        let material = (0..<profile.keyAndSaltLength).map { UInt8(truncatingIfNeeded: $0 &* 11 &+ 5) }
        var buffer = [UInt8](repeating: 0, count: 1500)
        var sequence: UInt16 = 0
        // Both sides are set up whichever runs, so that the heap looks the same to libsrtp's
        // allocations per packet (NSS allocates about ten blocks per packet, and malloc's path for
        // them depends on what else is on the heap).
        let key = try SRTPMasterKey(profile: profile, keyAndSalt: material)
        let sender = try SRTPContext(key: key, direction: .outbound)
        let receiver = try SRTPContext(key: key, direction: .inbound)
        let suite = Int32(SRTPProfile.allCases.firstIndex(of: profile)!)
        guard let srtp = material.withUnsafeBufferPointer({ ccb_srtp_create(suite, $0.baseAddress, 128) }) else {
            fatalError("ccb_srtp_create")
        }
        defer { ccb_srtp_destroy(srtp) }
        start()
        if direct {
            for _ in iterations {
                sequence &+= 1
                prepare(&buffer, sequence)
                let length = buffer.withUnsafeMutableBufferPointer { ccb_srtp_round_trip(srtp, $0.baseAddress, Int32(template.count)) }
                guard length == Int32(template.count) else { fatalError("libsrtp's round trip failed: \(length)") }
            }
        } else {
            for _ in iterations {
                sequence &+= 1
                prepare(&buffer, sequence)
                var span = buffer.mutableSpan
                let protected = try sender.protectRTP(&span, length: template.count)
                guard try receiver.unprotectRTP(&span, length: protected) == template.count else { fatalError("wrong length") }
            }
        }
        stop()
        withExtendedLifetime(buffer) {}
    }

    /// Copies the template into `buffer` with sequence number `sequence` and a timestamp 160 times it.
    @inline(__always)
    static func prepare(_ buffer: inout [UInt8], _ sequence: UInt16) {
        buffer.withUnsafeMutableBufferPointer { out in
            template.withUnsafeBufferPointer { out.baseAddress!.update(from: $0.baseAddress!, count: $0.count) }
            let timestamp = UInt32(sequence) &* 160
            out[2] = UInt8(sequence >> 8)
            out[3] = UInt8(truncatingIfNeeded: sequence)
            out[4] = UInt8(timestamp >> 24)
            out[5] = UInt8(truncatingIfNeeded: timestamp >> 16)
            out[6] = UInt8(truncatingIfNeeded: timestamp >> 8)
            out[7] = UInt8(truncatingIfNeeded: timestamp)
        }
    }
}

/// Frames of speech: the fixture cut into whole frames, cycled through by the workloads.
struct Speech: Sendable {
    let samples: [Int16]
    let frame: Int
    var frames: Int { samples.count / frame }

    static let narrow = load("speech-8k.wav", frame: 160)
    static let wide = load("speech-16k.wav", frame: 320)
    static let full = upsampled(wide, to: 48000, frame: 960)

    static func load(_ file: String, frame: Int) -> Speech {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        let path = url.appendingPathComponent("Fixtures/audio/\(file)").path
        guard let data = FileManager.default.contents(atPath: path), let wav = try? WAVFile(parsing: Array(data)) else {
            fatalError("cannot read \(path)")
        }
        return Speech(samples: Array(wav.samples.prefix(wav.samples.count / frame * frame)), frame: frame)
    }

    /// The 16 kHz fixture through the stack's resampler.
    static func upsampled(_ speech: Speech, to rate: Int, frame: Int) -> Speech {
        guard let resampler = try? Resampler(from: 16000, to: rate) else { fatalError("no resampler to \(rate)") }
        var out = [Int16](), chunk = [Int16](repeating: 0, count: frame)
        for start in stride(from: 0, to: speech.samples.count, by: speech.frame) {
            var span = chunk.mutableSpan
            guard let n = try? resampler.process(speech.samples.span.extracting(start..<(start + speech.frame)), into: &span) else {
                fatalError("resampling failed")
            }
            out += chunk[0..<n]
        }
        return Speech(samples: Array(out.prefix(out.count / frame * frame)), frame: frame)
    }
}
