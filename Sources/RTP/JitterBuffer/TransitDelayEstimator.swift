/// The transit-time model behind the jitter buffer's target. Each packet's relative transit is
/// r = arrival − media time. Its floor (the fastest of roughly the last `transitFloorWindow` of
/// packets) is the reference a packet "should" have arrived at; a packet's jitter is how far above
/// the floor it came, and the buffer's delay is measured above the floor too.
///
/// Jitter samples go into a histogram with exponential forgetting, and the target is its on-time
/// quantile. Because samples are taken against the floor of their own time, a steady clock drift
/// (the floor sliding by ~1 ms/s) does not read as jitter. A step up of the floor (a route change,
/// the start of a long delay spike) shifts the histogram down by the step once the window has
/// confirmed it, so the old samples do not keep the target high. Fixed memory; O(1) amortised.
struct TransitDelayEstimator: Sendable, Hashable {
    static let bucketWidth: Int64 = 1_000_000 // 1 ms
    static let floorBlocks = 8
    /// A floor rise at least this large is a step, not drift or noise.
    static let stepThreshold: Int64 = 10_000_000

    private let quantile: Double
    private let growth: Double
    private let packetsPerBlock: Int
    private let discontinuity: Int64
    private var buckets: [Double]
    private var weight: Double = 1
    private var total: Double = 0
    private var quantileIndex = 0
    private var massAbove: Double = 0
    private var blockMinimum: [Int64]
    private var blockCount = 0
    private var packetsInBlock = 0
    /// Added to every r, so that a discontinuity (new SSRC, timestamp jump) keeps the learned shape.
    private var offset: Int64 = 0
    private var rebaseNext = false
    /// The fastest recent relative transit, once a packet has been seen.
    private(set) var floor: Int64?

    init(configuration c: JitterBufferConfiguration) {
        quantile = c.onTimeQuantile
        growth = 1 / (1 - 1 / Double(c.delayMemory))
        let windowPackets = c.transitFloorWindow.nanosecondsClamped / max(c.nominalFrameDuration.nanosecondsClamped, 1)
        packetsPerBlock = max(Int(windowPackets) / Self.floorBlocks, 1)
        discontinuity = max(2 * c.maximumDelay.nanosecondsClamped, 2_000_000_000)
        let span = c.maximumDelay.nanosecondsClamped + 100_000_000
        buckets = [Double](repeating: 0, count: Int(span / Self.bucketWidth))
        blockMinimum = [Int64](repeating: .max, count: Self.floorBlocks)
    }

    /// The jitter that the on-time quantile of packets stays within.
    var quantileJitter: Int64 { Int64(quantileIndex + 1) * Self.bucketWidth }

    /// How long after its floor arrival media of `mediaTime` is played at `now`.
    func delay(now: Int64, mediaTime: Int64) -> Int64 {
        guard let floor else { return 0 }
        return now &- mediaTime &+ offset &- floor
    }

    /// The next packet starts a new timeline: take it as arriving at the floor.
    mutating func markDiscontinuity() { rebaseNext = true }

    /// Records one packet's arrival. Returns true when it was taken as a discontinuity.
    @discardableResult
    mutating func record(arrival: Int64, mediaTime: Int64) -> Bool {
        var r = arrival &- mediaTime &+ offset
        var jumped = false
        if let floor, rebaseNext || abs(r &- floor) > discontinuity {
            offset &+= floor &- r
            r = floor
            jumped = !rebaseNext
        }
        rebaseNext = false
        updateFloor(r)
        addSample(r - (floor ?? r))
        return jumped
    }

    /// The floor is the least of the minima of the last `floorBlocks` blocks of packets. Counting
    /// packets rather than time keeps it through silences.
    private mutating func updateFloor(_ r: Int64) {
        let slot = blockCount % Self.floorBlocks
        blockMinimum[slot] = min(blockMinimum[slot], r)
        packetsInBlock += 1
        var lowest = Int64.max
        for m in blockMinimum { lowest = min(lowest, m) }
        if packetsInBlock == packetsPerBlock {
            packetsInBlock = 0
            blockCount += 1
            blockMinimum[blockCount % Self.floorBlocks] = .max
        }
        if let old = floor, lowest - old >= Self.stepThreshold { shift(down: lowest - old) }
        floor = lowest
    }

    private mutating func addSample(_ jitter: Int64) {
        let index = Int(min(max(jitter / Self.bucketWidth, 0), Int64(buckets.count - 1)))
        buckets[index] += weight
        total += weight
        if index > quantileIndex { massAbove += weight }
        weight *= growth
        if weight > 1e100 { renormalize() }
        settleQuantile()
    }

    /// Moves the quantile index until the mass above it is just within 1 − quantile of the total.
    private mutating func settleQuantile() {
        let allowed = (1 - quantile) * total
        while massAbove > allowed && quantileIndex < buckets.count - 1 {
            quantileIndex += 1
            massAbove = max(massAbove - buckets[quantileIndex], 0)
        }
        while quantileIndex > 0 && massAbove + buckets[quantileIndex] <= allowed {
            massAbove += buckets[quantileIndex]
            quantileIndex -= 1
        }
    }

    private mutating func renormalize() {
        for i in buckets.indices { buckets[i] /= weight }
        weight = 1
        recount()
    }

    /// The floor stepped up: samples taken against the old floor are that much less late against
    /// the new one. Mass pushed below zero piles into the first bucket.
    private mutating func shift(down step: Int64) {
        let n = buckets.count
        let by = Int(min(step / Self.bucketWidth, Int64(n)))
        for i in 0..<n {
            let mass = buckets[i]
            guard mass > 0, i > 0 else { continue }
            buckets[i] = 0
            buckets[max(i - by, 0)] += mass
        }
        recount()
    }

    private mutating func recount() {
        total = buckets.reduce(0, +)
        quantileIndex = 0
        massAbove = total - buckets[0]
        settleQuantile()
    }
}
