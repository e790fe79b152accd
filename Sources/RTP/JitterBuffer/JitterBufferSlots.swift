/// The jitter buffer's fixed storage: a ring of packet records indexed by extended sequence number,
/// and one contiguous byte area holding each record's payload. Allocated once; never grows.
struct JitterBufferSlots: Sendable, Hashable {
    enum State: Sendable, Hashable {
        case empty, queued, played, skipped
    }

    struct Slot: Sendable, Hashable {
        var state = State.empty
        var sequence: Int64 = -1
        var timestamp: Int64 = 0
        /// Media carried, in timestamp units; 0 when the sender did not say.
        var duration = 0
        /// Holds only a sequence number used by another payload (an RFC 4733 event).
        var isPlaceholder = false
        var length = 0
        var payloadType: UInt8 = 0
        var marker = false
    }

    let capacity: Int
    let payloadCapacity: Int
    private var slots: [Slot]
    private var bytes: [UInt8]

    init(capacity: Int, payloadCapacity: Int) {
        self.capacity = capacity
        self.payloadCapacity = payloadCapacity
        slots = [Slot](repeating: Slot(), count: capacity)
        bytes = [UInt8](repeating: 0, count: capacity * payloadCapacity)
    }

    func index(_ sequence: Int64) -> Int { Int(UInt64(bitPattern: sequence) % UInt64(capacity)) }

    /// The record held for `sequence`, if the ring still holds that one.
    func slot(_ sequence: Int64) -> Slot? {
        let s = slots[index(sequence)]
        return s.sequence == sequence && s.state != .empty ? s : nil
    }

    /// The queued record for `sequence`.
    func queued(_ sequence: Int64) -> Slot? {
        let s = slots[index(sequence)]
        return s.sequence == sequence && s.state == .queued ? s : nil
    }

    mutating func store(_ slot: Slot, payload: ArraySlice<UInt8>) {
        let i = index(slot.sequence)
        slots[i] = slot
        let base = i * payloadCapacity
        bytes.withUnsafeMutableBufferPointer { dst in
            payload.withUnsafeBufferPointer { src in
                guard let from = src.baseAddress, let to = dst.baseAddress else { return }
                (to + base).update(from: from, count: src.count)
            }
        }
    }

    mutating func mark(_ sequence: Int64, _ state: State) {
        let i = index(sequence)
        if slots[i].sequence != sequence { slots[i] = Slot(state: state, sequence: sequence) }
        slots[i].state = state
    }

    /// Copies the payload of `sequence` into `payload`, reusing its capacity.
    func copyPayload(_ sequence: Int64, into payload: inout [UInt8]) {
        let i = index(sequence)
        let length = slots[i].length
        payload.removeAll(keepingCapacity: true)
        bytes.withUnsafeBufferPointer { src in
            payload.append(contentsOf: UnsafeBufferPointer(rebasing: src[i * payloadCapacity ..< i * payloadCapacity + length]))
        }
    }

    /// Forgets every queued record; returns how many there were.
    mutating func removeAll() -> Int {
        var n = 0
        for i in slots.indices {
            if slots[i].state == .queued { n += 1 }
            slots[i] = Slot()
        }
        return n
    }
}
