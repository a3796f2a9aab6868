import Dispatch

extension Array where Element: Sendable {
    /// `map` spread over the machine's cores; the results keep the elements'
    /// order. For independent, CPU-bound work such as linting one file each.
    func concurrentMap<Result: Sendable>(_ transform: @Sendable (Element) -> Result) -> [Result] {
        guard count > 1 else { return map(transform) }
        return withoutActuallyEscaping(transform) { transform in
            [Result](unsafeUninitializedCapacity: count) { buffer, initializedCount in
                guard let base = buffer.baseAddress else { return }
                let slots = DisjointSlots(base: base)
                DispatchQueue.concurrentPerform(iterations: count) { index in
                    // Each iteration initialises its own slot, and only once.
                    (slots.base + index).initialize(to: transform(self[index]))
                }
                initializedCount = count
            }
        }
    }
}

/// The result buffer handed to the worker threads: safe to share because
/// every index is written by exactly one of them and read only after all
/// have finished.
private struct DisjointSlots<Result>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Result>
}
