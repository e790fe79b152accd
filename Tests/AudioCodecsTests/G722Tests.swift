import AudioCodecs
import CSpanDSP
import Testing

@Suite struct G722Tests {
    @Test func descriptorHasThe8000HzRTPClock() throws {
        let d = try G722Codec().descriptor
        #expect(d.sampleRate == 16000 && d.rtpClockRate == 8000 && d.staticPayloadType == 9)
        #expect(d.samples(forMicroseconds: 20_000) == 320)
        #expect(d.rtpTimestampIncrement(forMicroseconds: 20_000) == 160)
    }

    /// The binding's bytes and samples are exactly those of spandsp called directly on the same input.
    @Test func bindingIsBitExactWithSpanDSP() throws {
        let codec = try G722Codec()
        let input = Signals.voice(rate: 16000, milliseconds: 200)
        let enc = g722_encode_init(nil, 64000, 0), dec = g722_decode_init(nil, 64000, 0)
        defer { g722_encode_free(enc); g722_decode_free(dec) }
        for start in stride(from: 0, to: input.count, by: 320) {
            let frame = Array(input[start..<(start + 320)])
            let ours = try codec.encode(frame)
            var direct = [UInt8](repeating: 0, count: 160)
            let n = g722_encode(enc, &direct, frame, 320)
            #expect(ours == Array(direct[0..<Int(n)]))
            let decoded = try codec.decode(ours, maximumSamples: 320)
            var directPCM = [Int16](repeating: 0, count: 320)
            let m = g722_decode(dec, &directPCM, direct, n)
            #expect(decoded == Array(directPCM[0..<Int(m)]))
        }
    }

    @Test func voiceSurvivesTheRoundTrip() throws {
        let codec = try G722Codec()
        let input = Signals.voice(rate: 16000, milliseconds: 400)
        var output: [Int16] = []
        for start in stride(from: 0, to: input.count, by: 320) {
            let payload = try codec.encode(Array(input[start..<(start + 320)]))
            #expect(payload.count == 160)
            output += try codec.decode(payload, maximumSamples: 320)
        }
        // The QMF filter bank delays the output by 22 samples.
        #expect(Signals.snr(input, output, maxLag: 40) > 15)
    }

    @Test func lossIsConcealedAtTheWidebandRate() throws {
        let codec = try G722Codec()
        let input = Signals.tone(440, rate: 16000, milliseconds: 100)
        for start in stride(from: 0, to: input.count, by: 320) {
            _ = try codec.decode(try codec.encode(Array(input[start..<(start + 320)])), maximumSamples: 320)
        }
        var frame = [Int16](repeating: 0, count: 320)
        var span = frame.mutableSpan
        let n = try codec.conceal(into: &span)
        #expect(n == 320)
        #expect(Signals.rms(frame) > 0.3 * Signals.rms(input))
    }

    @Test func frameSizesAreChecked() throws {
        let codec = try G722Codec()
        #expect(throws: AudioCodecError.invalidFrameSize(samples: 100, codec: "G722")) {
            _ = try codec.encode([Int16](repeating: 0, count: 100))
        }
    }
}
