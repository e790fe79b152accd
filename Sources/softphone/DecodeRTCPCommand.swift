import ArgumentParser
import Foundation
import RTP

/// `softphone decode rtcp [FILE|-]`
struct DecodeRTCPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rtcp",
        abstract: "Parse one RTCP compound packet (raw bytes, or hex text) and print it as JSON.",
        discussion: """
            A datagram that does not start with SR or RR is read as reduced-size RTCP (RFC 5506) with a \
            warning. Exits 1 with the typed error and its byte offset on stderr when the packet does not parse.
            """)

    @Argument(help: "The file to read, or - for standard input.")
    var file: String = "-"

    func run() throws {
        let bytes = PacketInput.bytes(try InputReader.read(file))
        do {
            let packet: RTCPCompoundPacket
            var warnings: [String] = []
            do {
                packet = try RTCPCompoundPacket(parsing: bytes)
            } catch where error.kind == .invalidCompound {
                packet = try RTCPCompoundPacket(parsing: bytes, validation: .reducedSize)
                warnings.append("does not start with SR or RR: read as reduced-size RTCP (RFC 5506)")
            }
            print(RTCPJSON.encode(packet, warnings: warnings + packet.warnings.map(\.description)).rendered())
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// The JSON shape of `softphone decode rtcp`; `packets` (each with `type`, `ssrc`, `reports`) and
/// `warnings` are a stable interface for scripts (issue 5); the other keys add detail per type.
enum RTCPJSON {
    static func encode(_ c: RTCPCompoundPacket, warnings: [String]) -> JSONValue {
        .object([("packets", .array(c.packets.map(packet))), ("warnings", .array(warnings.map { .string($0) }))])
    }

    static func packet(_ p: RTCPPacket) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("type", .string(p.type.description)), ("ssrc", .number(p.ssrc.map { Int($0.rawValue) })),
            ("reports", .array(p.reports.map(report))),
        ]
        fields += details(p)
        return .object(fields)
    }

    static func report(_ r: RTCPReportBlock) -> JSONValue {
        .object([
            ("ssrc", ssrc(r.ssrc)), ("fractionLost", .number(Int(r.fractionLost))), ("cumulativeLost", .number(Int(r.cumulativeLost))),
            ("extendedHighestSequence", .number(Int(r.extendedHighestSequence))), ("jitter", .number(Int(r.jitter))),
            ("lastSR", .number(Int(r.lastSenderReport))), ("delaySinceLastSR", .number(Int(r.delaySinceLastSenderReport))),
        ])
    }

    static func ssrc(_ s: SSRC) -> JSONValue { .number(Int(s.rawValue)) }

    static func details(_ p: RTCPPacket) -> [(String, JSONValue)] {
        switch p {
        case .senderReport(let sr):
            [("ntpTimestamp", .string(String(sr.ntpTimestamp.rawValue, radix: 16))), ("rtpTimestamp", .number(Int(sr.rtpTimestamp.rawValue))),
             ("packetCount", .number(Int(sr.packetCount))), ("octetCount", .number(Int(sr.octetCount)))]
        case .receiverReport: []
        case .sourceDescription(let d):
            [("chunks", .array(d.chunks.map { c in
                .object([("ssrc", ssrc(c.ssrc)), ("items", .array(c.items.map {
                    .object([("type", .number(Int($0.type))), ("text", .string(String(decoding: $0.text, as: UTF8.self)))])
                }))])
            }))]
        case .goodbye(let b): [("sources", .array(b.sources.map(ssrc))), ("reason", .string(b.reasonText))]
        case .application(let a): [("subtype", .number(Int(a.subtype))), ("name", .string(a.nameText)), ("dataLength", .number(a.data.count))]
        case .feedback(let f):
            [("format", .number(Int(f.format))), ("mediaSSRC", ssrc(f.mediaSSRC)), ("fciLength", .number(f.controlInformation.count)),
             ("nack", .array(f.nackedSequenceNumbers.map { .number(Int($0.rawValue)) }))]
        case .extendedReport(let x): [("blocks", .array(x.blocks.map(block)))]
        case .unknown(_, let count, let body): [("count", .number(Int(count))), ("bodyLength", .number(body.count))]
        }
    }

    static func block(_ b: ExtendedReport.Block) -> JSONValue {
        switch b {
        case .receiverReferenceTime(let t): .object([("type", .string("RRTR")), ("ntpTimestamp", .string(String(t.rawValue, radix: 16)))])
        case .delaySinceLastReceiverReport(let items):
            .object([("type", .string("DLRR")), ("items", .array(items.map {
                .object([("ssrc", ssrc($0.ssrc)), ("lastRR", .number(Int($0.lastReceiverReport))),
                         ("delaySinceLastRR", .number(Int($0.delaySinceLastReceiverReport)))])
            }))])
        case .voipMetrics(let m):
            .object([
                ("type", .string("VoIPMetrics")), ("ssrc", ssrc(m.ssrc)), ("lossRate", .number(Int(m.lossRate))),
                ("discardRate", .number(Int(m.discardRate))), ("burstDensity", .number(Int(m.burstDensity))),
                ("gapDensity", .number(Int(m.gapDensity))), ("burstDuration", .number(Int(m.burstDuration))),
                ("gapDuration", .number(Int(m.gapDuration))), ("roundTripDelay", .number(Int(m.roundTripDelay))),
                ("endSystemDelay", .number(Int(m.endSystemDelay))), ("rFactor", .number(Int(m.rFactor))),
                ("mosLQ", .number(Int(m.mosLQ))), ("mosCQ", .number(Int(m.mosCQ))),
                ("jitterBufferNominal", .number(Int(m.jitterBufferNominal))), ("jitterBufferMaximum", .number(Int(m.jitterBufferMaximum))),
            ])
        case .other(let type, _, let contents): .object([("type", .number(Int(type))), ("length", .number(contents.count))])
        }
    }
}
