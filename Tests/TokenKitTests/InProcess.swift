import ArgumentParser
import Foundation
import TokenKit
@testable import tokenctl

#if canImport(Glibc)
import Glibc
#endif

/// Runs tokenctl's commands in this process, as the golden files and the rule
/// coverage need them: parsed as the binary parses them, output collected,
/// the golden clock. Tests of exit codes, streams and argument parsing still
/// run the binary.
enum InProcess {
    static func tokenctl(_ arguments: [String]) -> CommandResult {
        let output = CollectedOutput()
        let environment = CommandEnvironment(
            now: Timestamp.parseRFC3339(goldenNow) ?? Timestamp(seconds: 0), stdoutIsTerminal: false, stderrIsTerminal: false,
            output: output.sink)
        var status: Int32 = 0
        do {
            let command = try Tokenctl.parseAsRoot(arguments)
            guard let lint = command as? Lint else {
                return CommandResult(status: -1, stdout: "", stderr: "only lint runs in process", seconds: 0)
            }
            try lint.run(in: environment)
        } catch let code as ExitCode {
            status = code.rawValue
        } catch {
            status = Tokenctl.exitCode(for: error).rawValue
            output.sink.write(STDERR_FILENO, Tokenctl.fullMessage(for: error) + "\n")
        }
        return CommandResult(status: status, stdout: output.text(STDOUT_FILENO), stderr: output.text(STDERR_FILENO), seconds: 0)
    }
}

/// A command's stdout and stderr, collected.
final class CollectedOutput: @unchecked Sendable {
    private var streams: [Int32: [UInt8]] = [:]
    private let lock = NSLock()

    var sink: OutputSink {
        OutputSink { [self] descriptor, buffer in lock.withLock { streams[descriptor, default: []] += buffer } }
    }

    func text(_ descriptor: Int32) -> String {
        lock.withLock { String(decoding: streams[descriptor] ?? [], as: UTF8.self) }
    }
}
