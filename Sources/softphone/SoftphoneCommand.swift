import ArgumentParser

/// The demo phone's command line.
@main
struct SoftphoneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "softphone",
        abstract: "A demo phone on the Swift SIP/RTP stack.",
        subcommands: [DemoCommand.self, AnswerCommand.self, DecodeCommand.self],
        defaultSubcommand: DemoCommand.self)
}

/// `softphone decode …`: parse protocol messages and print them as JSON.
struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Parse a protocol message and print it as JSON.",
        subcommands: [DecodeSIPCommand.self, DecodeSDPCommand.self, DecodeRTPCommand.self, DecodeRTCPCommand.self])
}
