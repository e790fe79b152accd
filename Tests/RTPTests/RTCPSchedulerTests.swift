import RTP
import StackCore
import StackTesting
import Testing

/// The RTCP interval of RFC 3550 §6.3 and §A.7, with figures worked out by hand; a 64 kbit/s session
/// gives RTCP 5% = 400 octets/s, 100 of them for senders when senders are few.
@Suite struct RTCPSchedulerTests {
    static let configuration = RTCPScheduler.Configuration(sessionBandwidth: 64000)

    static func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

    @Test func deterministicIntervals() {
        var random = SeededRandom(seed: 3)
        var s = RTCPScheduler(configuration: Self.configuration, now: .zero, random: &random)
        // Alone, before the first report: 100 octets / 300 octets/s is under the halved minimum, 2.5 s.
        #expect(s.deterministicInterval == .milliseconds(2500) && s.isInitial)
        s.update(members: 2, senders: 1, weSent: true, now: .zero)
        #expect(s.deterministicInterval == .milliseconds(2500))
        s.sent(packetSize: 100, now: .zero, random: &random)
        #expect(s.deterministicInterval == .seconds(5) && !s.isInitial)
        // 1000 members, 10 senders (≤ 25%): a sender shares 100 octets/s among 10 → 10 s;
        // a receiver shares 300 octets/s among 990 → 330 s; a member times out after 5 × that.
        s.update(members: 1000, senders: 10, weSent: true, now: .zero)
        #expect(abs(Self.seconds(s.deterministicInterval) - 10) < 1e-6)
        s.update(members: 1000, senders: 10, weSent: false, now: .zero)
        #expect(abs(Self.seconds(s.deterministicInterval) - 330) < 1e-6 && abs(Self.seconds(s.memberTimeout) - 1650) < 1e-5)
        // The average size moves by 1/16 of each packet's difference (§6.3.3).
        s.received(packetSize: 200)
        #expect(s.averagePacketSize == 106.25)
    }

    @Test func randomisationStaysInItsBandAndCompensates() {
        var random = SeededRandom(seed: 11)
        var s = RTCPScheduler(configuration: Self.configuration, now: .zero, random: &random)
        // The first report: 2.5 s × [0.5, 1.5) / (e − 1.5).
        let first = Self.seconds(s.nextTransmission - .zero)
        #expect(first >= 2.5 * 0.5 / 1.21828 && first < 2.5 * 1.5 / 1.21828)
        s.update(members: 2, senders: 2, weSent: true, now: .zero)
        s.sent(packetSize: 100, now: .zero, random: &random)
        var total = 0.0
        for _ in 0..<4000 {
            let t = Self.seconds(s.interval(random: &random))
            #expect(t >= 5 * 0.5 / 1.21828 && t < 5 * 1.5 / 1.21828)
            total += t
        }
        #expect(abs(total / 4000 - 5 / 1.21828) < 0.05)
    }

    @Test func timerReconsiderationDefersWhenTheGroupGrew() {
        var random = SeededRandom(seed: 5)
        var s = RTCPScheduler(configuration: Self.configuration, now: .zero, random: &random)
        s.update(members: 2, senders: 1, weSent: false, now: .zero)
        s.sent(packetSize: 100, now: .zero, random: &random)
        let due = s.nextTransmission
        // 998 more members join before the timer fires: T becomes 100 × 999 / 300 = 333 s, so the
        // timer moves to tp + a fresh interval instead of sending (§6.3.6).
        s.update(members: 1000, senders: 1, weSent: false, now: due)
        #expect(!s.timerExpired(now: due, random: &random))
        #expect(Self.seconds(s.nextTransmission - .zero) >= 333 * 0.5 / 1.21828)
    }

    @Test func anExpiryWithAnUnchangedGroupSends() {
        var random = SeededRandom(seed: 9)
        var s = RTCPScheduler(configuration: Self.configuration, now: .zero, random: &random)
        s.update(members: 2, senders: 1, weSent: true, now: .zero)
        s.sent(packetSize: 100, now: .zero, random: &random)
        // The longest randomised interval is 5 × 1.5 / 1.21828 ≈ 6.16 s: by then any draw is satisfied.
        // Before tn nothing happens.
        #expect(!s.timerExpired(now: .zero + .milliseconds(1000), random: &random) && s.lastTransmission == .zero)
        #expect(s.timerExpired(now: .zero + .milliseconds(6200), random: &random))
        s.sent(packetSize: 120, now: .zero + .milliseconds(6200), random: &random)
        #expect(s.lastTransmission == .zero + .milliseconds(6200) && s.nextTransmission > s.lastTransmission)
    }

    @Test func reverseReconsiderationWhenMembersLeave() {
        var random = SeededRandom(seed: 13)
        var s = RTCPScheduler(configuration: Self.configuration, now: .zero, random: &random)
        s.update(members: 1000, senders: 1, weSent: false, now: .zero)
        s.sent(packetSize: 100, now: .zero, random: &random)
        let tn = s.nextTransmission
        let now = Instant.zero + .seconds(10)
        // 998 leave at 10 s (BYE or timeout): tn = tc + 2/1000 × (tn − tc), tp = tc − 2/1000 × (tc − tp) (§6.3.4).
        s.update(members: 2, senders: 1, weSent: false, now: now)
        #expect(abs(Self.seconds(s.nextTransmission - now) - Self.seconds(tn - now) * 0.002) < 1e-6)
        #expect(abs(Self.seconds(now - s.lastTransmission) - 0.02) < 1e-6 && s.previousMembers == 2)
        #expect(s.mayLeaveAtOnce)
    }
}
