import SIPMessage
import StackCore

/// What identifies a dialog at one end (RFC 3261 §12): the Call-ID and the local and remote tags.
public struct DialogID: Sendable, Hashable, CustomStringConvertible {
    /// The Call-ID.
    public let callID: ByteString
    /// This side's tag (From in requests this side sends).
    public let localTag: ByteString
    /// The peer's tag.
    public let remoteTag: ByteString

    /// An identifier from its three parts.
    public init(callID: ByteString, localTag: ByteString, remoteTag: ByteString) {
        self.callID = callID
        self.localTag = localTag
        self.remoteTag = remoteTag
    }

    /// The dialog a received request belongs to (§12.2.2: the To tag is the local tag), when it
    /// carries both tags.
    public init?(receivedRequest r: SIPMessage) {
        guard let callID = r.callID, let local = r.to?.tag, let remote = r.from?.tag else { return nil }
        self.init(callID: callID, localTag: local, remoteTag: remote)
    }

    /// The dialog a received response belongs to (the From tag is the local tag).
    public init?(receivedResponse r: SIPMessage) {
        guard let callID = r.callID, let local = r.from?.tag, let remote = r.to?.tag else { return nil }
        self.init(callID: callID, localTag: local, remoteTag: remote)
    }

    public var description: String { "\(callID);local=\(localTag);remote=\(remoteTag)" }
}
