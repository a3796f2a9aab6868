import TokenKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A progress line on stderr for long reads (lint, create): documents done and
/// the rate, rewritten in place once a few thousand documents have been read.
/// Only on a terminal, never with NO_COLOR or TERM=dumb, and erased when done.
final class ProgressLine {
    static let threshold = 2000
    private let start = CommandEnvironment.wallClock()
    private let environment: CommandEnvironment
    private var shown = false
    /// What the linter counts with; nil when no line is shown.
    private(set) var counter: DocumentProgress?

    init(environment: CommandEnvironment, verb: String) {
        self.environment = environment
        let term = getenv("TERM").map { String(cString: $0) } ?? ""
        guard environment.stderrIsTerminal, term != "dumb" else { return }
        counter = DocumentProgress(every: 500) { [weak self] count in self?.show(count, verb: verb) }
    }

    private func show(_ count: Int, verb: String) {
        guard count >= Self.threshold else { return }
        let elapsed = Double(CommandEnvironment.wallClock().since(start).nanoseconds) / 1e9
        let rate = elapsed > 0 ? Int(Double(count) / elapsed) : 0
        environment.writeError("\r\(verb) \(count) documents (\(rate)/s)\u{1B}[K")
        shown = true
    }

    /// Erases the line, so that what the command prints next starts clean.
    func finish() {
        guard shown else { return }
        environment.writeError("\r\u{1B}[K")
        shown = false
    }
}
