import StackCore

extension JitterBuffer {
    /// The player's request for the next stretch of audio at `now`, made whenever its output needs
    /// more. A frame's payload (or a recovery packet's) is copied into `payload`, whose capacity is
    /// reused, so a warmed-up buffer allocates nothing.
    public mutating func pull(at now: Instant, payload: inout [UInt8]) -> JitterBufferAction {
        statistics.targetDelay = targetDelay
        guard var next = nextSequence else { return .playSilence(duration: quantum) }
        // Packets that only hold a sequence number (RFC 4733 events) are passed over.
        var skipped = 0
        while let head = slots.queued(next), head.isPlaceholder, skipped < slots.capacity {
            slots.mark(next, .played)
            next += 1
            skipped += 1
        }
        nextSequence = next
        if mode != .idle { dropAboveMaximum(now) }
        next = nextSequence ?? next
        if let head = slots.queued(next) {
            if mode != .idle && continues(head, after: next) { return playInSpeech(head, now, &payload) }
            return anchor(head, now, &payload)
        }
        if let later = firstQueued(after: next) {
            if mode == .playing && continues(later, after: next) { return concealLost(before: later, now, &payload) }
            return anchor(later, now, &payload)
        }
        if mode == .idle { return .playSilence(duration: quantum) }
        mode = .waiting
        statistics.expanded += 1
        expansionsInHold += 1
        statistics.currentDelay = .nanoseconds(max(delay(now, position), 0))
        return .expand(duration: quantum)
    }

    /// True when `slot` carries on the media at `position` (counting the packets missing before it)
    /// rather than starting a new talk spurt after silence or a timestamp jump.
    func continues(_ slot: JitterBufferSlots.Slot, after next: Int64) -> Bool {
        let expected = position + (slot.sequence - next) * Int64(frameTicks)
        let gap = slot.timestamp - expected
        if slot.marker && gap > 0 { return false }
        return abs(gap) <= Int64(frameTicks / 2)
    }

    func firstQueued(after next: Int64) -> JitterBufferSlots.Slot? {
        var sequence = next + 1
        while sequence <= highest.sequence && sequence - next < Int64(slots.capacity) {
            if let slot = slots.queued(sequence), !slot.isPlaceholder { return slot }
            sequence += 1
        }
        return nil
    }

    /// The media of a packet, in timestamp units: as given on insert, else the distance to the next
    /// packet, else the learned packet duration.
    func duration(of slot: JitterBufferSlots.Slot) -> Int {
        if slot.duration > 0 { return slot.duration }
        if let after = slots.queued(slot.sequence + 1), !after.isPlaceholder {
            let delta = after.timestamp - slot.timestamp
            if delta > 0 && delta <= Int64(maximumFrameTicks) { return Int(delta) }
        }
        return frameTicks
    }

    /// Plays a packet that continues the media, with a time-scale step toward the target when the
    /// delay has drifted from it.
    private mutating func playInSpeech(_ head: JitterBufferSlots.Slot, _ now: Instant, _ payload: inout [UInt8]) -> JitterBufferAction {
        let length = duration(of: head)
        let excess = delay(now, head.timestamp) - targetNanoseconds
        let step = Int(Double(length) * configuration.maximumTimeScaleFraction)
        var timeScale = 0
        if excess > configuration.shortenThreshold.nanosecondsClamped {
            timeScale = -min(ticks(excess), step)
        } else if excess < -Self.stretchThreshold {
            timeScale = min(ticks(-excess), step)
        }
        if timeScale < 0 { statistics.shortened += 1 }
        if timeScale > 0 { statistics.expanded += 1 }
        return play(head, duration: length, timeScale: timeScale, now, &payload)
    }

    /// The delay deficit below which playout is not stretched: smaller steps are not worth the work.
    static var stretchThreshold: Int64 { 2_000_000 }

    /// Starts a talk spurt (or the stream) at `slot` once its delay reaches the target; until then,
    /// silence (or an expansion, when the spurt carries on speech after lost packets).
    private mutating func anchor(_ slot: JitterBufferSlots.Slot, _ now: Instant, _ payload: inout [UInt8]) -> JitterBufferAction {
        let shortfall = targetNanoseconds - delay(now, slot.timestamp)
        if shortfall > 1_000_000 {
            let wait = min(quantum, max(ticks(shortfall), configuration.clockRate / 1000))
            if mode == .idle || !continues(slot, after: nextSequence ?? slot.sequence) {
                reclassifyHoldAsSilence()
                return .playSilence(duration: wait)
            }
            mode = .waiting
            statistics.expanded += 1
            expansionsInHold += 1
            return .expand(duration: wait)
        }
        if mode == .waiting && !continues(slot, after: nextSequence ?? slot.sequence) { reclassifyHoldAsSilence() }
        skipMissing(before: slot.sequence)
        return play(slot, duration: duration(of: slot), timeScale: 0, now, &payload)
    }

    /// Conceals the next packet, which is missing while a later one is buffered: it is lost. The
    /// packet right after it, if buffered, is offered for FEC recovery.
    private mutating func concealLost(before later: JitterBufferSlots.Slot, _ now: Instant, _ payload: inout [UInt8]) -> JitterBufferAction {
        let next = nextSequence ?? later.sequence
        let missing = later.sequence - next
        let span = later.timestamp - position
        var length = frameTicks
        if span > 0 && span % missing == 0 && span / missing <= Int64(maximumFrameTicks) { length = Int(span / missing) }
        statistics.currentDelay = .nanoseconds(max(delay(now, position), 0))
        slots.mark(next, .skipped)
        statistics.lost += 1
        statistics.concealed += 1
        noteLoss()
        nextSequence = next + 1
        position += Int64(length)
        var recovery: JitterBufferFrame?
        if missing == 1 {
            slots.copyPayload(later.sequence, into: &payload)
            recovery = frame(later, duration: duration(of: later), timeScale: 0)
        }
        return .conceal(duration: length, recovery: recovery)
    }

    private mutating func noteLoss() {
        if !inLossBurst { statistics.lossBursts += 1 }
        inLossBurst = true
        statistics.burstGap.record(received: false)
    }

    /// The hold ended in a new talk spurt: the expansions so far covered silence, not late speech.
    private mutating func reclassifyHoldAsSilence() {
        statistics.expanded -= expansionsInHold
        expansionsInHold = 0
    }

    private mutating func skipMissing(before sequence: Int64) {
        guard var next = nextSequence else { return }
        while next < sequence {
            if slots.queued(next) == nil {
                slots.mark(next, .skipped)
                statistics.lost += 1
                noteLoss()
                // Held in the middle of speech, the expansions already stood in for it.
                if mode == .waiting { statistics.concealed += 1 }
            } else {
                slots.mark(next, .played)
            }
            next += 1
        }
        nextSequence = next
    }

    /// Above the maximum delay (after a long hold, or a burst), media is dropped down to the target.
    private mutating func dropAboveMaximum(_ now: Instant) {
        guard var next = nextSequence,
              delay(now, position) > configuration.maximumDelay.nanosecondsClamped else { return }
        let goal = targetNanoseconds + configuration.shortenThreshold.nanosecondsClamped
        while let head = slots.queued(next), continues(head, after: next), delay(now, head.timestamp) > goal {
            slots.mark(next, .played)
            statistics.discarded += 1
            statistics.burstGap.record(received: false)
            position = head.timestamp + Int64(duration(of: head))
            next += 1
        }
        nextSequence = next
    }

    private mutating func play(_ slot: JitterBufferSlots.Slot, duration length: Int, timeScale: Int,
                               _ now: Instant, _ payload: inout [UInt8]) -> JitterBufferAction {
        let delayNow = max(delay(now, slot.timestamp), 0)
        statistics.currentDelay = .nanoseconds(delayNow)
        statistics.delaySum += delayNow
        statistics.framesPlayed += 1
        statistics.burstGap.record(received: true)
        slots.mark(slot.sequence, .played)
        slots.copyPayload(slot.sequence, into: &payload)
        nextSequence = slot.sequence + 1
        position = slot.timestamp + Int64(length)
        mode = .playing
        expansionsInHold = 0
        inLossBurst = false
        return .play(frame(slot, duration: length, timeScale: timeScale))
    }

    private func frame(_ slot: JitterBufferSlots.Slot, duration: Int, timeScale: Int) -> JitterBufferFrame {
        JitterBufferFrame(sequenceNumber: SequenceNumber(UInt16(truncatingIfNeeded: slot.sequence)),
                          timestamp: RTPTimestamp(UInt32(truncatingIfNeeded: slot.timestamp)),
                          payloadType: PayloadType(unchecked: slot.payloadType), marker: slot.marker,
                          duration: duration, timeScale: timeScale, payloadLength: slot.length)
    }
}
