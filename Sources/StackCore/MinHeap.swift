/// A binary min-heap: the smallest element first. Equal elements come out in no particular order, so
/// give elements a tie-breaker (such as an insertion counter) when order matters.
///
/// The timer heaps of the runtimes and the event queue of the simulated network use it.
public struct MinHeap<Element: Comparable> {
    private var storage: [Element] = []

    /// An empty heap.
    public init() {}

    /// The number of elements.
    public var count: Int { storage.count }
    /// True when the heap is empty.
    public var isEmpty: Bool { storage.isEmpty }
    /// The smallest element, without removing it.
    public var min: Element? { storage.first }

    /// Adds an element in O(log n).
    public mutating func insert(_ element: Element) {
        storage.append(element)
        var child = storage.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard storage[child] < storage[parent] else { break }
            storage.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the smallest element in O(log n).
    public mutating func popMin() -> Element? {
        guard !storage.isEmpty else { return nil }
        storage.swapAt(0, storage.count - 1)
        let smallest = storage.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var least = parent
            if left < storage.count, storage[left] < storage[least] { least = left }
            if right < storage.count, storage[right] < storage[least] { least = right }
            if least == parent { break }
            storage.swapAt(parent, least)
            parent = least
        }
        return smallest
    }

    /// Removes every element.
    public mutating func removeAll() { storage.removeAll(keepingCapacity: true) }
}

extension MinHeap: Sendable where Element: Sendable {}
