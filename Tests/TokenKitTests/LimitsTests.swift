import Foundation
import Testing

/// Issue 5 / SPEC §5: every documented limit, when hit, is a clear error that
/// names the limit and the file, with exit 2, and never a crash or a hang.
@Suite struct LimitsTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var limit: String
        var command: String
        /// The input's bytes, written to a file (and separately given on stdin).
        var input: @Sendable () -> Data
        var message: String
        var testDescription: String { limit }
    }

    static let cases: [Case] = [
        Case(
            limit: "manifest file size", command: "lint",
            input: { Data(repeating: UInt8(ascii: "#"), count: (10 << 20) + 1) },
            message: "over the 10 MiB limit for a manifest file"),
        Case(
            limit: "documents per file", command: "lint",
            input: { Data(String(repeating: "---\nkind: role\n", count: 100_001).utf8) },
            message: "more than 100000 documents in one file (the limit)"),
        Case(
            limit: "nesting depth", command: "lint",
            input: { Data((String(repeating: "[", count: 65) + String(repeating: "]", count: 65)).utf8) },
            message: "nesting deeper than 64 levels (the limit)"),
        Case(
            limit: "alias expansion", command: "lint",
            input: {
                var text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
                for level in 1...5 { text += "l\(level): &l\(level) [" + Array(repeating: level == 1 ? "*a" : "*l\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
                return Data(text.utf8)
            },
            message: "aliases expand this document to more than 10000 nodes (the limit)"),
        Case(
            limit: "scalar length", command: "lint",
            input: { Data(("kind: token\ndescription: " + String(repeating: "x", count: 300 << 10) + "\n").utf8) },
            message: "is over the 256 KiB limit for one scalar"),
        Case(
            limit: "identity input size", command: "check",
            input: { Data(repeating: UInt8(ascii: "A"), count: (256 << 10) + 1) },
            message: "over the 256 KiB limit for identity input"),
        Case(
            limit: "identity document size", command: "check",
            input: { Data(("{\"accountId\": \"" + String(repeating: "1", count: 70 << 10) + "\"}").utf8) },
            message: "over the 64 KiB limit for an identity document"),
    ]

    private func arguments(_ testCase: Case, input: String) -> [String] {
        testCase.command == "check"
            ? ["check", "--iid", input, "-f", "fixtures/lint/examples/teleport-docs.yaml"] : ["lint", input]
    }

    @Test(arguments: cases)
    func limitHitNamesTheLimitAndTheFile(_ testCase: Case) throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("input.txt")
        try testCase.input().write(to: file)
        let result = try runTokenctl(arguments(testCase, input: file.path))
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        let report = result.stdout + result.stderr
        #expect(report.contains(file.path), "\(report.prefix(300))")
        #expect(report.contains(testCase.message), "\(report.prefix(300))")
        #expect(result.seconds < hangGuardSeconds)
    }

    @Test(arguments: cases)
    func limitHitOnStandardInputNamesTheLimit(_ testCase: Case) throws {
        let result = try runTokenctl(arguments(testCase, input: "-"), stdin: testCase.input())
        #expect(result.status == 2)
        let report = result.stdout + result.stderr
        #expect(report.contains("<stdin>"), "\(report.prefix(300))")
        // A stream's size is not known up front, so size limits say "input is over".
        let message = testCase.message.replacingOccurrences(of: "is over", with: "over")
        #expect(report.contains(message) || report.contains(testCase.message), "\(report.prefix(300))")
    }
}
