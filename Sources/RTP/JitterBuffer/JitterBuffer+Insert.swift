import StackCore

extension JitterBuffer {
    /// Buffers a received packet. `duration` is the media it carries in timestamp units when the
    /// codec can tell (an Opus TOC, a G.711 length); otherwise the buffer learns it from consecutive
    /// timestamps. A new SSRC or a sequence jump beyond the buffer restarts it.
    @discardableResult
    public mutating func insert(_ packet: RTPPacket, arrival: Instant, duration: Int? = nil) -> JitterBufferInsertOutcome {
        guard packet.payload.count <= slots.payloadCapacity else {
            statistics.discarded += 1
            return .discarded
        }
        return admit(packet, arrival: arrival, duration: duration ?? 0, placeholder: false)
    }

    /// Takes note of a packet of the same stream that carries nothing for this buffer (an RFC 4733
    /// event, say), so that its sequence number is passed over rather than concealed as lost.
    @discardableResult
    public mutating func skip(_ packet: RTPPacket, arrival: Instant) -> JitterBufferInsertOutcome {
        admit(packet, arrival: arrival, duration: 0, placeholder: true)
    }

    private mutating func admit(_ packet: RTPPacket, arrival: Instant, duration: Int, placeholder: Bool) -> JitterBufferInsertOutcome {
        var outcome = JitterBufferInsertOutcome.queued
        if ssrc != packet.ssrc {
            if ssrc != nil {
                restart()
                statistics.ssrcChanges += 1
                estimator.markDiscontinuity()
                outcome = .restarted
            }
            ssrc = packet.ssrc
        }
        guard let next = nextSequence else {
            begin(packet)
            return store(packet, sequence: highest.sequence, timestamp: highest.timestamp, arrival: arrival,
                         duration: duration, placeholder: placeholder, outcome: outcome)
        }
        let sequence = highest.sequence + Int64(SequenceNumber(highest.raw).distance(to: packet.sequenceNumber))
        let timestamp = highest.timestamp + Int64(Int32(bitPattern: packet.timestamp.rawValue &- highest.rawTimestamp))
        let ahead = sequence - next
        if ahead >= Int64(slots.capacity) {
            return restartAt(packet, arrival: arrival, duration: duration, placeholder: placeholder)
        }
        if ahead < 0 {
            if mode == .idle && highest.sequence - sequence < Int64(slots.capacity) {
                nextSequence = sequence
            } else {
                return behind(packet, sequence: sequence, ahead: ahead, timestamp: timestamp, arrival: arrival,
                              duration: duration, placeholder: placeholder)
            }
        }
        if slots.queued(sequence) != nil {
            statistics.duplicated += 1
            return .duplicate
        }
        farBehind = nil
        return store(packet, sequence: sequence, timestamp: timestamp, arrival: arrival,
                     duration: duration, placeholder: placeholder, outcome: outcome)
    }

    /// A packet before the next one to play: a duplicate of one played, a late one, or (twice in
    /// sequence, far behind) a sender that restarted its sequence numbers.
    private mutating func behind(_ packet: RTPPacket, sequence: Int64, ahead: Int64, timestamp: Int64, arrival: Instant,
                                 duration: Int, placeholder: Bool) -> JitterBufferInsertOutcome {
        if let slot = slots.slot(sequence) {
            if slot.state == .played || slot.state == .queued {
                statistics.duplicated += 1
                return .duplicate
            }
            statistics.lost -= 1
            slots.mark(sequence, .played) // a further copy is a duplicate
        } else if -ahead > Int64(slots.capacity) {
            defer { farBehind = sequence }
            if farBehind == sequence - 1 {
                return restartAt(packet, arrival: arrival, duration: duration, placeholder: placeholder)
            }
            statistics.discarded += 1
            return .discarded
        }
        statistics.late += 1
        if !placeholder { _ = estimator.record(arrival: arrival.nanoseconds, mediaTime: mediaTime(timestamp)) }
        return .late
    }

    private mutating func restartAt(_ packet: RTPPacket, arrival: Instant, duration: Int, placeholder: Bool) -> JitterBufferInsertOutcome {
        restart()
        statistics.discontinuities += 1
        estimator.markDiscontinuity()
        begin(packet)
        return store(packet, sequence: highest.sequence, timestamp: highest.timestamp, arrival: arrival,
                     duration: duration, placeholder: placeholder, outcome: .restarted)
    }

    /// Flushes what is queued; the next packet is anchored afresh.
    mutating func restart() {
        statistics.discarded += slots.removeAll()
        nextSequence = nil
        farBehind = nil
        mode = .idle
    }

    private mutating func begin(_ packet: RTPPacket) {
        let sequence = Int64(packet.sequenceNumber.rawValue)
        highest = Highest(sequence: sequence, raw: packet.sequenceNumber.rawValue,
                          timestamp: Int64(packet.timestamp.rawValue), rawTimestamp: packet.timestamp.rawValue)
        nextSequence = sequence
        position = highest.timestamp
    }

    private mutating func store(_ packet: RTPPacket, sequence: Int64, timestamp: Int64, arrival: Instant,
                                duration: Int, placeholder: Bool, outcome: JitterBufferInsertOutcome) -> JitterBufferInsertOutcome {
        let length = placeholder ? 0 : packet.payload.count
        slots.store(.init(state: .queued, sequence: sequence, timestamp: timestamp, duration: max(duration, 0),
                          isPlaceholder: placeholder, length: length, payloadType: packet.payloadType.rawValue,
                          marker: packet.marker),
                    payload: packet.payload.prefix(length))
        if sequence >= highest.sequence {
            highest = Highest(sequence: sequence, raw: packet.sequenceNumber.rawValue,
                              timestamp: timestamp, rawTimestamp: packet.timestamp.rawValue)
        }
        if placeholder { return outcome }
        statistics.packetsQueued += 1
        if estimator.record(arrival: arrival.nanoseconds, mediaTime: mediaTime(timestamp)) {
            statistics.discontinuities += 1
        }
        learnFrameDuration(around: sequence, timestamp: timestamp)
        return outcome
    }

    /// Consecutive packets 0 < Δts ≤ 120 ms apart give the packet duration.
    private mutating func learnFrameDuration(around sequence: Int64, timestamp: Int64) {
        if let previous = slots.slot(sequence - 1), !previous.isPlaceholder {
            let delta = timestamp - previous.timestamp
            if delta > 0 && delta <= Int64(maximumFrameTicks) { frameTicks = Int(delta) }
        }
    }
}
