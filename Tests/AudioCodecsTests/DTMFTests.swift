import AudioCodecs
import Testing

@Suite struct DTMFTests {
    static let allKeys = "0123456789*#ABCD"

    /// Generates digits, passes them through `codec` (or straight through), and runs the detector.
    static func roundTrip(_ digits: String, through codec: AudioCodec?, level: Int = -10) throws -> [DTMFDigit] {
        let generator = try DTMFGenerator(level: level)
        let detector = try DTMFDetector()
        #expect(generator.enqueue(try DTMFDigit.parse(digits)) == digits.count)
        var frame = [Int16](repeating: 0, count: 160)
        var idleFrames = 0
        var found: [DTMFDigit] = []
        while idleFrames < 10 {
            var span = frame.mutableSpan
            let made = generator.generate(into: &span)
            idleFrames = made == 0 ? idleFrames + 1 : 0
            let heard = try codec.map { try $0.decode($0.encode(frame), maximumSamples: 160) } ?? frame
            detector.process(heard.span)
            found += detector.takeDigits()
        }
        return found
    }

    @Test func everyKeyIsDetectedStraightThrough() throws {
        #expect(try Self.roundTrip(Self.allKeys, through: nil).map(\.description).joined() == Self.allKeys)
    }

    @Test(arguments: [G711.muLaw, .aLaw])
    func everyKeyIsDetectedThroughG711(law: G711) throws {
        let found = try Self.roundTrip(Self.allKeys + Self.allKeys, through: G711Codec(law), level: -20)
        #expect(found.map(\.description).joined() == Self.allKeys + Self.allKeys)
    }

    @Test func speechAloneDetectsNothing() throws {
        let detector = try DTMFDetector()
        let voice = Signals.voice(rate: 8000, milliseconds: 3000)
        detector.process(voice.span)
        #expect(detector.takeDigits().isEmpty)
        #expect(detector.currentDigit == nil)
    }

    @Test func tonesBelowTheThresholdAreIgnored() throws {
        #expect(try Self.roundTrip("5", through: nil, level: -45).isEmpty)
    }

    @Test func theQueueIsBounded() throws {
        let generator = try DTMFGenerator()
        let many = try DTMFDigit.parse(String(repeating: "1", count: 300))
        #expect(generator.enqueue(many) == DTMFGenerator.capacity)
        #expect(generator.enqueue(many) == 0)
        generator.reset()
        var frame = [Int16](repeating: 1, count: 160)
        var span = frame.mutableSpan
        #expect(generator.generate(into: &span) == 0)
        #expect(frame.allSatisfy { $0 == 0 })
    }

    @Test func eventCodesFollowRFC4733() throws {
        let keys = try DTMFDigit.parse(Self.allKeys)
        #expect(keys.map(\.eventCode) == Array(0...15))
        #expect((0...15).compactMap { DTMFDigit(eventCode: $0) } == keys)
        #expect(DTMFDigit(eventCode: 16) == nil)
        #expect(DTMFDigit("a")?.character == "A")
        #expect(throws: AudioCodecError.self) { try DTMFDigit.parse("12E") }
        #expect(throws: AudioCodecError.self) { try DTMFGenerator(level: 0) }
        #expect(throws: AudioCodecError.self) { try DTMFGenerator(onMilliseconds: 10) }
    }

    @Test func toneTimingFollowsTheSettings() throws {
        let generator = try DTMFGenerator(onMilliseconds: 60, offMilliseconds: 40)
        generator.enqueue(try DTMFDigit.parse("1"))
        var frame = [Int16](repeating: 0, count: 8000)
        var span = frame.mutableSpan
        let made = generator.generate(into: &span)
        #expect(made == 8 * (60 + 40))
        let on = frame[0..<480].filter { $0 != 0 }.count
        #expect(on > 400)
        #expect(frame[500..<800].allSatisfy { $0 == 0 })
    }
}
