/// What the player should do for the next stretch of audio, returned by ``JitterBuffer/pull(at:payload:)``.
/// Durations are in RTP timestamp units of the stream's clock.
public enum JitterBufferAction: Sendable, Hashable {
    /// Decode the frame whose payload was copied into the caller's buffer and play it, lengthened or
    /// shortened by ``JitterBufferFrame/timeScale`` through time-scale modification.
    case play(JitterBufferFrame)
    /// Media was lost: generate `duration` of concealment. When the packet after the lost one is
    /// buffered it is given as `recovery` (its payload copied into the caller's buffer), so that a
    /// codec with in-band FEC (Opus) can rebuild the lost frame from it; it is played in turn later.
    case conceal(duration: Int, recovery: JitterBufferFrame?)
    /// Nothing to play yet in the middle of speech (a packet is late): extend the audio by
    /// `duration` of concealment without consuming media, which raises the playout delay.
    case expand(duration: Int)
    /// Silence between talk spurts or before the stream starts: play `duration` of silence or
    /// comfort noise.
    case playSilence(duration: Int)

    /// How long the player's output for this action lasts, in timestamp units.
    public var outputDuration: Int {
        switch self {
        case .play(let frame): frame.duration + frame.timeScale
        case .conceal(let duration, _), .expand(let duration), .playSilence(let duration): duration
        }
    }
}

/// One buffered packet handed to the player. Its payload is in the buffer passed to `pull`.
public struct JitterBufferFrame: Sendable, Hashable {
    /// The packet's sequence number.
    public var sequenceNumber: SequenceNumber
    /// The packet's RTP timestamp.
    public var timestamp: RTPTimestamp
    /// The packet's payload type.
    public var payloadType: PayloadType
    /// The packet's marker bit (the start of a talk spurt for audio, RFC 3551 §4.1).
    public var marker: Bool
    /// The media the packet carries, in timestamp units.
    public var duration: Int
    /// Timestamp units to add (positive) or remove (negative) by time-scale modification when playing
    /// it; zero almost always.
    public var timeScale: Int
    /// The payload's length in bytes.
    public var payloadLength: Int
}

/// What ``JitterBuffer/insert(_:arrival:duration:)`` did with a packet.
public enum JitterBufferInsertOutcome: Sendable, Hashable {
    /// Buffered for playout.
    case queued
    /// Buffered after the buffer restarted for it: a new SSRC or a sequence jump beyond the buffer.
    case restarted
    /// A copy of a packet already buffered or played; dropped.
    case duplicate
    /// Its playout time has passed; dropped (its transit still informs the delay estimate).
    case late
    /// Dropped without use: too large a payload, or too far behind to tell late from a restart.
    case discarded
}
