import AudioCodecs
import CSpanDSP
import Testing

@Suite struct G711Tests {
    /// Every one of the 65 536 inputs encodes to spandsp's code, for both laws.
    @Test func encodingMatchesSpanDSPForEveryInput() {
        var muMismatches = 0, aMismatches = 0
        for x in Int(Int16.min)...Int(Int16.max) {
            if G711.muLaw.encode(Int16(x)) != linear_to_ulaw(Int32(x)) { muMismatches += 1 }
            if G711.aLaw.encode(Int16(x)) != linear_to_alaw(Int32(x)) { aMismatches += 1 }
        }
        #expect(muMismatches == 0)
        #expect(aMismatches == 0)
    }

    /// Every one of the 256 codes decodes to spandsp's value, for both laws.
    @Test func decodingMatchesSpanDSPForEveryCode() {
        for code in 0...255 {
            #expect(G711.muLaw.decode(UInt8(code)) == ulaw_to_linear(UInt8(code)), "µ-law \(code)")
            #expect(G711.aLaw.decode(UInt8(code)) == alaw_to_linear(UInt8(code)), "A-law \(code)")
        }
    }

    /// Values from the G.711 tables: the codes of silence and full scale, and their decoder outputs.
    @Test func itu() {
        #expect(G711.muLaw.encode(0) == 0xFF)
        #expect(G711.muLaw.encode(-1) == 0x7F)
        #expect(G711.muLaw.encode(32767) == 0x80)
        #expect(G711.muLaw.encode(-32768) == 0x00)
        #expect(G711.muLaw.decode(0x80) == 32124)
        #expect(G711.muLaw.decode(0x00) == -32124)
        #expect(G711.muLaw.decode(0xFF) == 0)
        #expect(G711.aLaw.encode(0) == 0xD5)
        #expect(G711.aLaw.encode(-1) == 0x55)
        #expect(G711.aLaw.encode(32767) == 0xAA)
        #expect(G711.aLaw.decode(0xD5) == 8)
        #expect(G711.aLaw.decode(0x55) == -8)
        #expect(G711.aLaw.decode(0xAA) == 32256)
        #expect(G711.aLaw.decode(0x2A) == -32256)
    }

    /// Decoding then encoding a code gives the code back (the decoder outputs are in their own cells).
    @Test func codesAreStableThroughARoundTrip() {
        for code in 0...255 {
            for law in [G711.muLaw, .aLaw] {
                let back = law.encode(law.decode(UInt8(code)))
                // µ-law 0x7F (−0) decodes to 0, which encodes as +0 (0xFF); every other code is stable.
                if law == .muLaw && code == 0x7F { #expect(back == 0xFF) } else { #expect(back == UInt8(code)) }
            }
        }
    }

    @Test func codecRoundTripOfVoiceKeepsG711Quality() throws {
        for law in [G711.muLaw, .aLaw] {
            let codec = try G711Codec(law)
            #expect(codec.descriptor.rtpClockRate == 8000)
            #expect(codec.descriptor.staticPayloadType == (law == .muLaw ? 0 : 8))
            let input = Signals.voice(rate: 8000, milliseconds: 400)
            var output: [Int16] = []
            for start in stride(from: 0, to: input.count, by: 160) {
                let payload = try codec.encode(Array(input[start..<(start + 160)]))
                #expect(payload.count == 160)
                output += try codec.decode(payload, maximumSamples: 160)
            }
            // G.711 gives about 38 dB SNR on speech-level signals.
            #expect(Signals.snr(input, output) > 30)
        }
    }

    @Test func wrongSizesAreTypedErrors() throws {
        let codec = try G711Codec(.muLaw)
        #expect(throws: AudioCodecError.invalidFrameSize(samples: 100, codec: "PCMU")) {
            _ = try codec.encode([Int16](repeating: 0, count: 100))
        }
        #expect(throws: AudioCodecError.outputTooSmall(needed: 160, available: 80)) {
            _ = try codec.decode([UInt8](repeating: 0xFF, count: 160), maximumSamples: 80)
        }
    }

    /// A lost frame after voice is filled with a continuation of it, not silence; a long loss fades
    /// out (spandsp reaches silence after 50 ms).
    @Test func concealmentContinuesThenFades() throws {
        let codec = try G711Codec(.aLaw)
        let input = Signals.tone(300, rate: 8000, milliseconds: 100)
        for start in stride(from: 0, to: input.count, by: 160) {
            _ = try codec.decode(try codec.encode(Array(input[start..<(start + 160)])), maximumSamples: 160)
        }
        var frames: [[Int16]] = []
        for _ in 0..<5 {
            var frame = [Int16](repeating: 0, count: 160)
            var span = frame.mutableSpan
            let n = try codec.conceal(into: &span)
            #expect(n == 160)
            frames.append(frame)
        }
        #expect(Signals.rms(frames[0]) > 0.5 * Signals.rms(input))
        #expect(Signals.rms(frames[4]) == 0)
    }
}
