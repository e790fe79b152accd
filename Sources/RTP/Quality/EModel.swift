#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The ITU-T G.107 E-model: the transmission rating R of a narrowband telephone connection from its
/// loudness, noise, echo, delay, codec and packet-loss parameters, and the MOS estimate derived
/// from R (G.107 Annex B). Every parameter defaults to the G.107 Table 3 value; with all defaults R
/// is 93.2.
public struct EModel: Sendable, Hashable {
    /// Send loudness rating, dB (SLR, default 8).
    public var sendLoudness = 8.0
    /// Receive loudness rating, dB (RLR, default 2).
    public var receiveLoudness = 2.0
    /// Sidetone masking rating, dB (STMR, default 15).
    public var sidetoneMasking = 15.0
    /// Listener sidetone rating, dB (LSTR, default 18).
    public var listenerSidetone = 18.0
    /// D-value of the telephone, send side (Ds, default 3).
    public var sendDValue = 3.0
    /// Talker echo loudness rating, dB (TELR, default 65).
    public var talkerEchoLoudness = 65.0
    /// Weighted echo path loss, dB (WEPL, default 110).
    public var echoPathLoss = 110.0
    /// Mean one-way delay of the echo path, ms (T, default 0).
    public var meanOneWayDelay = 0.0
    /// Round-trip delay in a 4-wire loop, ms (Tr, default 0).
    public var roundTripDelay = 0.0
    /// Absolute (mouth-to-ear) delay, ms (Ta, default 0).
    public var absoluteDelay = 0.0
    /// Quantizing distortion units (qdu, default 1).
    public var quantizingDistortion = 1.0
    /// Equipment impairment factor of the codec (Ie, default 0).
    public var equipmentImpairment = 0.0
    /// Packet-loss robustness factor of the codec (Bpl, default 4.3).
    public var packetLossRobustness = 4.3
    /// Random packet-loss probability, percent (Ppl, default 0).
    public var packetLossPercent = 0.0
    /// Burst ratio: mean observed loss-burst length over that of random loss (BurstR, default 1).
    public var burstRatio = 1.0
    /// Circuit noise referred to the 0 dBr point, dBm0p (Nc, default −70).
    public var circuitNoise = -70.0
    /// Noise floor at the receive side, dBmp (Nfor, default −64).
    public var receiveNoiseFloor = -64.0
    /// Room noise at the send side, dB(A) (Ps, default 35).
    public var sendRoomNoise = 35.0
    /// Room noise at the receive side, dB(A) (Pr, default 35).
    public var receiveRoomNoise = 35.0
    /// Advantage factor (A, default 0).
    public var advantage = 0.0

    /// The E-model with every parameter at its G.107 default.
    public init() {}

    /// The transmission rating R = Ro − Is − Id − Ie,eff + A (G.107 §7).
    public var rating: Double {
        let noise = totalNoise
        let ro = 15 - 1.5 * (sendLoudness + noise)
        return ro - simultaneousImpairment(ro: ro, noise: noise) - delayImpairment(ro: ro, noise: noise)
            - effectiveEquipmentImpairment + advantage
    }

    /// The MOS (conversational quality) estimate for `rating` (G.107 Annex B): 1 below R = 0,
    /// 4.5 above R = 100.
    public static func meanOpinionScore(rating r: Double) -> Double {
        guard r > 0 else { return 1 }
        guard r < 100 else { return 4.5 }
        return 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6
    }

    /// The MOS estimate for this connection.
    public var meanOpinionScore: Double { Self.meanOpinionScore(rating: rating) }

    /// Ie,eff = Ie + (95 − Ie) · Ppl / (Ppl / BurstR + Bpl) (G.107 §7.5).
    public var effectiveEquipmentImpairment: Double {
        let ppl = max(packetLossPercent, 0)
        guard ppl > 0 else { return equipmentImpairment }
        let burst = max(burstRatio, 1)
        return equipmentImpairment + (95 - equipmentImpairment) * ppl / (ppl / burst + packetLossRobustness)
    }

    private var overallLoudness: Double { sendLoudness + receiveLoudness }

    /// No: the power sum of circuit noise, room noise at both ends and the receive noise floor (§7.2).
    private var totalNoise: Double {
        let nos = sendRoomNoise - sendLoudness - sendDValue - 100
            + 0.004 * pow(sendRoomNoise - overallLoudness - sendDValue - 14, 2)
        let pre = receiveRoomNoise + 10 * log10(1 + pow(10, (10 - listenerSidetone) / 10))
        let nor = receiveLoudness - 121 + pre + 0.008 * pow(pre - 35, 2)
        let nfo = receiveNoiseFloor + receiveLoudness
        return 10 * log10(pow(10, circuitNoise / 10) + pow(10, nos / 10) + pow(10, nor / 10) + pow(10, nfo / 10))
    }

    private var sidetoneImpairment: Double {
        let stmro = -10 * log10(pow(10, -sidetoneMasking / 10) + exp(-meanOneWayDelay / 4) * pow(10, -talkerEchoLoudness / 10))
        return 12 * pow(1 + pow((stmro - 13) / 6, 8), 1.0 / 8) - 28 * pow(1 + pow((stmro + 1) / 19.4, 35), 1.0 / 35)
            - 13 * pow(1 + pow((stmro - 3) / 33, 13), 1.0 / 13) + 29
    }

    /// Is = Iolr + Ist + Iq (§7.3).
    private func simultaneousImpairment(ro: Double, noise: Double) -> Double {
        let xolr = overallLoudness + 0.2 * (64 + noise - receiveLoudness)
        let iolr = 20 * (pow(1 + pow(xolr / 8, 8), 1.0 / 8) - xolr / 8)
        let q = 37 - 15 * log10(max(quantizingDistortion, 1e-9))
        let g = 1.07 + 0.258 * q + 0.0602 * q * q
        let y = (ro - 100) / 15 + 46 / 8.4 - g / 9
        let z = 46.0 / 30 - g / 40
        let iq = 15 * log10(1 + pow(10, y) + pow(10, z))
        return iolr + sidetoneImpairment + iq
    }

    /// Id = Idte + Idle + Idd: talker echo, listener echo and pure delay (§7.4).
    private func delayImpairment(ro: Double, noise: Double) -> Double {
        let t = max(meanOneWayDelay, 0)
        var terv = talkerEchoLoudness - 40 * log10((1 + t / 10) / (1 + t / 150)) + 6 * exp(-0.3 * t * t)
        if sidetoneMasking < 9 { terv += sidetoneImpairment / 2 }
        let re = 80 + 2.5 * (terv - 14)
        let roe = -1.5 * (noise - receiveLoudness)
        var idte = ((roe - re) / 2 + ((roe - re) * (roe - re) / 4 + 100).squareRoot() - 1) * (1 - exp(-t))
        if sidetoneMasking > 20 { idte = (idte * idte + sidetoneImpairment * sidetoneImpairment).squareRoot() }
        let rle = 10.5 * (echoPathLoss + 7) * pow(max(roundTripDelay, 0) + 1, -0.25)
        let idle = (ro - rle) / 2 + ((ro - rle) * (ro - rle) / 4 + 169).squareRoot()
        var idd = 0.0
        if absoluteDelay > 100 {
            let x = log10(absoluteDelay / 100) / log10(2)
            idd = 25 * (pow(1 + pow(x, 6), 1.0 / 6) - 3 * pow(1 + pow(x / 3, 6), 1.0 / 6) + 2)
        }
        return idte + idle + idd
    }
}
