import AudioCodecs
import Testing

@Suite struct OpusFormatParametersTests {
    @Test func readsAndWritesRFC7587Parameters() {
        let p = OpusFormatParameters(text: "maxplaybackrate=16000; sprop-maxcapturerate=16000;stereo=1;useinbandfec=1;usedtx=1;maxaveragebitrate=20000;cbr=1;x-foo=3;stereo2")
        #expect(p.maxPlaybackRate == 16000 && p.spropMaxCaptureRate == 16000)
        #expect(p.stereo && p.useInBandFEC && p.useDTX && p.constantBitrate && !p.spropStereo)
        #expect(p.maxAverageBitrate == 20000)
        #expect(p.ignored.map(\.name) == ["x-foo", "stereo2"])
        #expect(p.text == "maxplaybackrate=16000;sprop-maxcapturerate=16000;maxaveragebitrate=20000;stereo=1;cbr=1;useinbandfec=1;usedtx=1")
        #expect(OpusFormatParameters(text: "").text == "")
    }

    @Test func outOfRangeValuesAreIgnoredNotClamped() {
        let p = OpusFormatParameters(text: "maxplaybackrate=96000;maxaveragebitrate=100;useinbandfec=yes")
        #expect(p.maxPlaybackRate == nil && p.maxAverageBitrate == nil && !p.useInBandFEC)
        #expect(p.ignored.count == 3)
    }

    /// The remote receiver's wishes shape our encoder (RFC 7587 §7.1).
    @Test func encoderFollowsTheRemoteReceiver() {
        let ours = OpusConfiguration(sampleRate: 48000, channels: 2, bitrate: 64000)
        let adapted = ours.adapted(to: OpusFormatParameters(text: "maxplaybackrate=16000;maxaveragebitrate=24000;useinbandfec=1;cbr=1"))
        #expect(adapted.maximumBandwidth == .wideband)
        #expect(adapted.bitrate == 24000)
        #expect(adapted.channels == 1)
        #expect(adapted.inBandFEC && !adapted.variableBitrate && !adapted.discontinuousTransmission)
        let stereo = ours.adapted(to: OpusFormatParameters(text: "stereo=1"))
        #expect(stereo.channels == 2 && stereo.maximumBandwidth == nil && stereo.bitrate == 64000)
    }

    @Test func ourReceiveSideIsDescribed() {
        let p = OpusFormatParameters(receiving: OpusConfiguration(sampleRate: 16000, inBandFEC: true))
        #expect(p.text == "maxplaybackrate=16000;sprop-maxcapturerate=16000;useinbandfec=1")
    }
}
