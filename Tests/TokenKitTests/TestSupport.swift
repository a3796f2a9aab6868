import Foundation
import Testing

/// Paths and process helpers shared by the tests.
enum TestPaths {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var fixtures: URL { packageRoot.appendingPathComponent("fixtures") }

    /// The tokenctl binary: $TOKENCTL_BIN (set by `make test`), else the debug build.
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["TOKENCTL_BIN"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return packageRoot.appendingPathComponent(".build/debug/tokenctl")
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tokenctl-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Tests never assert tight wall-clock times (CI is a loaded 2-core
/// machine): work on hostile input is bounded by counting elsewhere, and
/// this only catches a hang.
let hangGuardSeconds = 120.0

/// Whether the tests run as root (some need mounts or another user).
let runningAsRoot = geteuid() == 0

/// The fixed "now" of every golden file, so `expired` results do not rot.
let goldenNow = "2026-06-01T00:00:00Z"

struct CommandResult: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
    var seconds: Double
}

/// Runs tokenctl with arguments, optional standard input and extra environment.
func runTokenctl(
    _ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:], directory: URL = TestPaths.packageRoot
) throws -> CommandResult {
    // A child that stops reading early must not kill the test runner.
    signal(SIGPIPE, SIG_IGN)
    let process = Process()
    process.executableURL = TestPaths.binary
    process.arguments = arguments
    process.currentDirectoryURL = directory
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    env["TOKENCTL_NOW"] = goldenNow
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let outPipe = Pipe()
    let errPipe = Pipe()
    let inPipe = Pipe()
    process.standardOutput = outPipe
    process.standardError = errPipe
    process.standardInput = inPipe
    let started = Date()
    try process.run()
    // Drain both pipes concurrently so a large output cannot deadlock the child.
    let collector = OutputCollector()
    let group = DispatchGroup()
    for (pipe, isOut) in [(outPipe, true), (errPipe, false)] {
        group.enter()
        DispatchQueue.global().async {
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            collector.store(data, isOut: isOut)
            group.leave()
        }
    }
    if let stdin {
        try? inPipe.fileHandleForWriting.write(contentsOf: stdin)
    }
    try? inPipe.fileHandleForWriting.close()
    process.waitUntilExit()
    group.wait()
    return CommandResult(
        status: process.terminationStatus, stdout: String(decoding: collector.out, as: UTF8.self),
        stderr: String(decoding: collector.err, as: UTF8.self), seconds: Date().timeIntervalSince(started))
}

final class OutputCollector: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var out = Data()
    private(set) var err = Data()

    func store(_ data: Data, isOut: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if isOut { out = data } else { err = data }
    }
}

/// Starts tokenctl without waiting for it (its output discarded): for tests that kill it midway.
func startTokenctl(_ arguments: [String]) throws -> Process {
    let process = Process()
    process.executableURL = TestPaths.binary
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
}
