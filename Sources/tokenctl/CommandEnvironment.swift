import ArgumentParser
import TokenKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What commands take from the process: the clock (or $TOKENCTL_NOW), the
/// terminal, and the output streams.
struct CommandEnvironment {
    var now: Timestamp
    var stdoutIsTerminal: Bool
    var stderrIsTerminal: Bool
    /// Where output goes: the process's stdout and stderr, or (in the tests) a buffer.
    var output: OutputSink = .standard

    static func current() throws -> CommandEnvironment {
        let colorAllowed = getenv("NO_COLOR").map { String(cString: $0).isEmpty } ?? true
        return CommandEnvironment(
            now: try clock(), stdoutIsTerminal: colorAllowed && isatty(STDOUT_FILENO) == 1,
            stderrIsTerminal: colorAllowed && isatty(STDERR_FILENO) == 1)
    }

    private static func clock() throws -> Timestamp {
        if let override = getenv("TOKENCTL_NOW").map({ String(cString: $0) }), !override.isEmpty {
            guard let timestamp = Timestamp.parseRFC3339(override) else {
                throw ValidationError("TOKENCTL_NOW=\(override) is not an RFC 3339 time such as 2030-01-01T00:00:00Z")
            }
            return timestamp
        }
        return wallClock()
    }

    /// The real time, whatever $TOKENCTL_NOW says: what AWS checks signatures against.
    static func wallClock() -> Timestamp {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Timestamp(seconds: Int64(now.tv_sec), nanoseconds: Int32(now.tv_nsec))
    }

    func write(_ text: String) {
        output.write(STDOUT_FILENO, text)
    }

    /// Reports a database failure and returns the exit status to throw (3).
    func fail(_ error: StoreError) -> ExitCode {
        let remedy =
            switch error.remedy {
            case .longerBusyTimeout: ", or raise $TOKENCTL_BUSY_TIMEOUT_MS"
            case .otherLocation: "; check --db / $TOKENCTL_DB"
            case nil: ""
            }
        printError(error.message + remedy)
        return .databaseFailure
    }

    func writeError(_ text: String) {
        output.write(STDERR_FILENO, text)
    }

    func printError(_ message: String) {
        output.write(STDERR_FILENO, "tokenctl: \(message)\n")
    }

    func write(bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { output.write(STDOUT_FILENO, $0) }
    }

    static func writeAll(_ descriptor: Int32, _ text: String) {
        var text = text
        text.withUTF8 { writeAll(descriptor, $0) }
    }

    /// Unbuffered, so output order across stdout and stderr is what the code says.
    static func writeAll(_ descriptor: Int32, _ buffer: UnsafeBufferPointer<UInt8>) {
        guard let base = buffer.baseAddress else { return }
        var offset = 0
        while offset < buffer.count {
            let written = Glibc.write(descriptor, base + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return  // EPIPE and friends: the reader has gone; nothing useful to do.
            }
            offset += written
        }
    }
}

/// Where a command's output goes.
struct OutputSink: Sendable {
    let write: @Sendable (Int32, UnsafeBufferPointer<UInt8>) -> Void

    static let standard = OutputSink { descriptor, buffer in CommandEnvironment.writeAll(descriptor, buffer) }

    func write(_ descriptor: Int32, _ text: String) {
        var text = text
        text.withUTF8 { write(descriptor, $0) }
    }
}
