/// When a join is evaluated (a check's time, a test case's `at`): an RFC 3339
/// time, or `pending+DURATION` / `pending-DURATION` relative to the
/// identity document's pendingTime (Go duration syntax).
public struct JoinTime: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case absolute(Timestamp)
        case relative(GoDuration)
    }

    public var value: Value

    public init(_ value: Value) {
        self.value = value
    }

    public init(parsing text: String) throws(JoinTimeError) {
        for (prefix, sign) in [("pending+", ""), ("pending-", "-")] where text.hasPrefix(prefix) {
            let duration = String(text.dropFirst(prefix.count))
            // The sign belongs to the prefix: "pending+-5m" and "pending--5m" are typos, not durations.
            guard let first = duration.first, first != "+" && first != "-" else {
                throw JoinTimeError("\(quoted(text)) needs a duration after \"\(prefix)\", such as \(prefix)6m")
            }
            do {
                value = .relative(try GoDuration.parse(sign + duration))
            } catch {
                throw JoinTimeError("\(quoted(text)): \(error.message); write e.g. \(prefix)6m")
            }
            return
        }
        guard let timestamp = Timestamp.parseRFC3339(text) else {
            throw JoinTimeError("\(quoted(text)) is neither RFC 3339 (2030-01-01T00:00:00Z) nor pending+DURATION (pending+6m)")
        }
        value = .absolute(timestamp)
    }

    public func resolve(pendingTime: Timestamp) -> Timestamp {
        switch value {
        case .absolute(let timestamp): timestamp
        case .relative(let duration): pendingTime.adding(duration)
        }
    }
}

public struct JoinTimeError: Error, Sendable, Equatable {
    public var message: String

    init(_ message: String) {
        self.message = message
    }
}
