/// Counts documents as they are read, and hands the count on every so many:
/// how a long lint or create shows it is still going. How the count is shown
/// (and whether at all) is the caller's business.
public final class DocumentProgress: @unchecked Sendable {
    public let every: Int
    private let report: (Int) -> Void
    public private(set) var count = 0

    public init(every: Int = 1000, report: @escaping (Int) -> Void) {
        self.every = max(every, 1)
        self.report = report
    }

    func advance() {
        count += 1
        if count % every == 0 { report(count) }
    }
}
