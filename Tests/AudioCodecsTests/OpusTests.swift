import AudioCodecs
import COpus
import COpusShims
import Testing

@Suite struct OpusTests {
    /// Each supported rate encodes and decodes 20 ms frames of voice recognisably.
    @Test(arguments: [8000, 16000, 24000, 48000])
    func ratesRoundTrip(rate: Int) throws {
        let codec = try OpusCodec(OpusConfiguration(sampleRate: rate, bitrate: 32000))
        #expect(codec.descriptor.rtpClockRate == 48000)
        #expect(codec.descriptor.rtpTimestampIncrement(forMicroseconds: 20_000) == 960)
        let frame = rate / 50
        let input = Signals.voice(rate: rate, milliseconds: 600)
        var output: [Int16] = []
        for start in stride(from: 0, to: input.count, by: frame) {
            let payload = try codec.encode(Array(input[start..<(start + frame)]))
            #expect(payload.count > 10 && payload.count < 200)
            output += try codec.decode(payload, maximumSamples: frame * 6)
        }
        #expect(output.count == input.count)
        // A perceptual codec does not keep the waveform sample by sample; a positive SNR after the
        // look-ahead delay still shows the signal came through (PESQ scores the quality).
        #expect(Signals.snr(Array(input.dropLast(frame)), output, maxLag: codec.lookahead + 8) > 3)
    }

    /// The binding's packets are byte for byte those of libopus called directly with the same settings.
    @Test func bindingIsBitExactWithLibopus() throws {
        let codec = try OpusCodec(OpusConfiguration(sampleRate: 48000, bitrate: 24000, complexity: 9))
        var error: Int32 = 0
        let direct = try #require(opus_encoder_create(48000, 1, OPUS_APPLICATION_VOIP, &error))
        defer { opus_encoder_destroy(direct) }
        // The settings the binding applies.
        #expect(copus_set_bitrate(direct, 24000) == OPUS_OK)
        #expect(copus_set_complexity(direct, 9) == OPUS_OK)
        #expect(copus_set_max_bandwidth(direct, OPUS_BANDWIDTH_FULLBAND) == OPUS_OK)
        #expect(copus_set_signal(direct, OPUS_SIGNAL_VOICE) == OPUS_OK)
        let input = Signals.voice(rate: 48000, milliseconds: 200)
        for start in stride(from: 0, to: input.count, by: 960) {
            let frame = Array(input[start..<(start + 960)])
            let ours = try codec.encode(frame)
            var theirs = [UInt8](repeating: 0, count: 4000)
            let n = opus_encode(direct, frame, 960, &theirs, 4000)
            #expect(ours == Array(theirs[0..<Int(n)]))
        }
    }

    @Test func bitrateAndCBRAreApplied() throws {
        let codec = try OpusCodec(OpusConfiguration(bitrate: 16000, variableBitrate: false))
        #expect(codec.currentBitrate == 16000)
        let input = Signals.voice(rate: 48000, milliseconds: 200)
        var sizes = Set<Int>()
        for start in stride(from: 0, to: input.count, by: 960) {
            sizes.insert(try codec.encode(Array(input[start..<(start + 960)])).count)
        }
        // CBR at 16 kbit/s: 40 bytes per 20 ms.
        #expect(sizes == [40])
    }

    /// With FEC on, the packet after a loss rebuilds the lost frame better than concealment does.
    @Test func inBandFECRecoversALostFrame() throws {
        let config = OpusConfiguration(sampleRate: 16000, bitrate: 32000, inBandFEC: true, expectedPacketLossPercent: 20)
        let sender = try OpusCodec(config)
        let withFEC = try OpusCodec(config), withPLC = try OpusCodec(config)
        let input = Signals.voice(rate: 16000, milliseconds: 1000)
        let packets = try stride(from: 0, to: input.count, by: 320).map { try sender.encode(Array(input[$0..<($0 + 320)])) }
        // 660–680 ms: in the third syllable (the VAD must call the frame speech for SILK to code its
        // FEC copy).
        let lost = 33
        var fecOut: [Int16] = [], plcOut: [Int16] = []
        for (i, packet) in packets.enumerated() {
            if i == lost {
                var a = [Int16](repeating: 0, count: 320), b = [Int16](repeating: 0, count: 320)
                let next = packets[i + 1]
                let recovered = try Self.fill(&a) { (span) throws(AudioCodecError) in
                    try withFEC.recover(lostFrameUsing: next.span, into: &span)
                }
                let concealed = try Self.fill(&b) { (span) throws(AudioCodecError) in try withPLC.conceal(into: &span) }
                #expect(recovered == 320 && concealed == 320)
                fecOut += a
                plcOut += b
            } else {
                fecOut += try withFEC.decode(packet, maximumSamples: 1920)
                plcOut += try withPLC.decode(packet, maximumSamples: 1920)
            }
        }
        let range = (lost * 320)..<((lost + 1) * 320)
        let reference = try OpusCodec(config)
        var clean: [Int16] = []
        for packet in packets { clean += try reference.decode(packet, maximumSamples: 1920) }
        let fecSNR = Signals.snr(Array(clean[range]), Array(fecOut[range]))
        let plcSNR = Signals.snr(Array(clean[range]), Array(plcOut[range]))
        #expect(fecSNR > plcSNR + 3, "FEC \(fecSNR) dB, PLC \(plcSNR) dB")
    }

    @Test func dtxSendsTinyFramesInSilence() throws {
        let codec = try OpusCodec(OpusConfiguration(discontinuousTransmission: true))
        let silence = [Int16](repeating: 0, count: 960)
        var sizes: [Int] = []
        for _ in 0..<30 { sizes.append(try codec.encode(silence).count) }
        #expect(sizes.suffix(10).allSatisfy { $0 <= 2 })
        #expect(codec.lastFrameWasDTX)
    }

    @Test func badInputIsATypedError() throws {
        #expect(throws: AudioCodecError.self) { try OpusCodec(OpusConfiguration(sampleRate: 44100)) }
        #expect(throws: AudioCodecError.self) { try OpusCodec(OpusConfiguration(bitrate: 1000)) }
        let codec = try OpusCodec()
        #expect(throws: AudioCodecError.invalidFrameSize(samples: 1000, codec: "opus")) {
            _ = try codec.encode([Int16](repeating: 0, count: 1000))
        }
        // A TOC byte announcing a code-3 packet with no frame count is malformed (RFC 6716 §3.2.5).
        #expect(throws: AudioCodecError.invalidPayload("libopus rejected the packet")) {
            _ = try codec.decode([0x03], maximumSamples: 5760)
        }
        #expect(throws: AudioCodecError.invalidPayload("empty Opus payload")) {
            _ = try codec.decode([], maximumSamples: 5760)
        }
        var odd = [Int16](repeating: 0, count: 100)
        #expect(throws: AudioCodecError.invalidFrameSize(samples: 100, codec: "opus")) {
            _ = try Self.fill(&odd) { (span) throws(AudioCodecError) in try codec.conceal(into: &span) }
        }
    }

    /// Runs `body` with a span over `buffer`.
    static func fill(_ buffer: inout [Int16], _ body: (inout MutableSpan<Int16>) throws(AudioCodecError) -> Int) throws(AudioCodecError) -> Int {
        var span = buffer.mutableSpan
        return try body(&span)
    }

    @Test func stereoFramesCountBothChannels() throws {
        let codec = try OpusCodec(OpusConfiguration(channels: 2))
        #expect(codec.descriptor.samples(forMicroseconds: 20_000) == 1920)
        let payload = try codec.encode(Signals.voice(rate: 48000, milliseconds: 20, channels: 2))
        #expect(try codec.decode(payload, maximumSamples: 5760 * 2).count == 1920)
    }
}

