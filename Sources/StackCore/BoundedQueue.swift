/// A first-in first-out queue with a fixed capacity: a push past it is refused, never grown.
public struct BoundedQueue<Element> {
    private var storage: [Element?]
    private var head = 0
    /// The number of queued elements.
    public private(set) var count = 0

    /// A queue that holds at most `capacity` elements (at least one).
    public init(capacity: Int) {
        storage = Array(repeating: nil, count: max(1, capacity))
    }

    /// The most elements the queue holds.
    public var capacity: Int { storage.count }
    /// True when nothing is queued.
    public var isEmpty: Bool { count == 0 }
    /// True when a push would be refused.
    public var isFull: Bool { count == storage.count }

    /// Appends `element`; returns false and drops it when the queue is full.
    @discardableResult
    public mutating func push(_ element: Element) -> Bool {
        guard !isFull else { return false }
        storage[(head + count) % storage.count] = element
        count += 1
        return true
    }

    /// Removes and returns the oldest element.
    public mutating func pop() -> Element? {
        guard count > 0 else { return nil }
        defer {
            storage[head] = nil
            head = (head + 1) % storage.count
            count -= 1
        }
        return storage[head]
    }

    /// The oldest element, left in place.
    public var first: Element? { count > 0 ? storage[head] : nil }
}

extension BoundedQueue: Sendable where Element: Sendable {}
