import ArgumentParser
import Foundation
import SDP

/// `softphone decode sdp [FILE|-]`
struct DecodeSDPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sdp",
        abstract: "Parse one SDP session description and print it as JSON.",
        discussion: "Exits 1 with the typed error and its line number on stderr when the description does not parse.")

    @Argument(help: "The file to read, or - for standard input.")
    var file: String = "-"

    func run() throws {
        let bytes = try InputReader.read(file)
        let description: SDPSessionDescription
        do {
            description = try SDPSessionDescription(parsing: bytes)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
        print(SDPJSON.encode(description).rendered())
    }
}

/// The JSON shape of `softphone decode sdp`; its keys are a stable interface for scripts (issue 4).
enum SDPJSON {
    static func encode(_ d: SDPSessionDescription) -> JSONValue {
        let o = d.origin
        return .object([
            ("origin", .object([
                ("username", .string(o.username)), ("sessionID", .string(o.sessionID)),
                ("sessionVersion", .number(Int(clamping: o.sessionVersion))), ("networkType", .string(o.networkType)),
                ("addressType", .string(o.addressType)), ("address", .string(o.address)),
            ])),
            ("sessionName", .string(d.sessionName)),
            ("connection", connection(d.connection)),
            ("media", .array(d.media.indices.map { media(d, $0) })),
            ("warnings", .array(d.warnings.map { .string($0.description) })),
        ])
    }

    static func connection(_ c: SDPConnection?) -> JSONValue {
        guard let c else { return .null }
        return .object([("address", .string(c.address)), ("addressType", .string(c.addressType))])
    }

    static func media(_ d: SDPSessionDescription, _ i: Int) -> JSONValue {
        let m = d.media[i]
        let maps = m.rtpMaps
        let fmtps = m.formatParameters
        var rtpmap: [(String, JSONValue)] = []
        var fmtp: [(String, JSONValue)] = []
        for f in m.formats {
            if let pt = Int(f), let map = maps[pt] {
                rtpmap.append((f, .object([("encoding", .string(map.encoding)), ("clockRate", .number(map.clockRate)),
                                           ("channels", .number(map.channels))])))
            }
            if let p = fmtps[f] { fmtp.append((f, .string(p.text))) }
        }
        return .object([
            ("type", .string(m.type)), ("port", .number(m.port)), ("protocol", .string(m.proto)),
            ("formats", .array(m.formats.map { .string($0) })),
            ("connection", connection(m.connections.first ?? d.connection)),
            ("direction", .string(d.direction(ofMedia: i).rawValue)),
            ("rtpmap", .object(rtpmap)), ("fmtp", .object(fmtp)),
        ])
    }
}
