import ArgumentParser
import Foundation
import RTP

/// `softphone decode rtp [FILE|-]`
struct DecodeRTPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rtp",
        abstract: "Parse one RTP packet (raw bytes, or hex text) and print it as JSON.",
        discussion: "Exits 1 with the typed error and its byte offset on stderr when the packet does not parse.")

    @Argument(help: "The file to read, or - for standard input.")
    var file: String = "-"

    func run() throws {
        let bytes = PacketInput.bytes(try InputReader.read(file))
        do {
            print(RTPJSON.encode(try RTPPacket(parsing: bytes)).rendered())
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// Packet bytes from a file's contents: hex text (digits, white space, `:` separators, `#` or `//`
/// comments to the end of a line) is decoded; anything else is taken as the raw bytes.
enum PacketInput {
    static func bytes(_ input: [UInt8]) -> [UInt8] {
        var digits: [UInt8] = []
        var comment = false
        for (i, c) in input.enumerated() {
            if comment {
                comment = c != UInt8(ascii: "\n")
            } else if c == UInt8(ascii: "#") || (c == UInt8(ascii: "/") && i + 1 < input.count && input[i + 1] == c) {
                comment = true
            } else if let v = hexValue(c) {
                digits.append(v)
            } else if ![UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"), UInt8(ascii: ":")].contains(c) {
                return input
            }
        }
        guard !digits.isEmpty, digits.count % 2 == 0 else { return input }
        return stride(from: 0, to: digits.count, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// The JSON shape of `softphone decode rtp`; its keys are a stable interface for scripts (issue 5).
enum RTPJSON {
    static func encode(_ p: RTPPacket) -> JSONValue {
        var warnings: [JSONValue] = []
        var ext: JSONValue = .null
        if let e = p.headerExtension {
            var elements: JSONValue = .null
            do {
                elements = try e.elements().map { .array($0.map { .object([("id", .number(Int($0.id))), ("length", .number($0.value.count))]) }) } ?? .null
            } catch {
                warnings.append(.string("header extension elements: \(error)"))
            }
            ext = .object([("profile", .number(Int(e.profile))), ("length", .number(e.data.count)), ("elements", elements)])
        }
        // RFC 5761 §4: with rtcp-mux, payload types 64–95 would be taken for RTCP packet types 192–223.
        if (64...95).contains(p.payloadType.rawValue) { warnings.append(.string("payload type \(p.payloadType) collides with RTCP when multiplexed (RFC 5761 §4)")) }
        return .object([
            ("version", .number(2)), ("padding", .bool(p.paddingCount > 0)), ("extension", .bool(p.headerExtension != nil)),
            ("marker", .bool(p.marker)), ("payloadType", .number(Int(p.payloadType.rawValue))),
            ("sequence", .number(Int(p.sequenceNumber.rawValue))), ("timestamp", .number(Int(p.timestamp.rawValue))),
            ("ssrc", .number(Int(p.ssrc.rawValue))), ("csrc", .array(p.csrcs.map { .number(Int($0.rawValue)) })),
            ("payloadLength", .number(p.payload.count)), ("paddingLength", .number(p.paddingCount)), ("headerExtension", ext),
            ("warnings", .array(warnings)),
        ])
    }
}
