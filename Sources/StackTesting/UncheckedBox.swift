/// Carries a value that is not `Sendable` into closures that run on an event loop, for tests that
/// hand loop-confined objects across. Sound only because the test and the loop never touch it at once.
public final class UncheckedBox<T>: @unchecked Sendable {
    /// The value.
    public var value: T
    /// A box around `value`.
    public init(_ value: T) { self.value = value }
}
