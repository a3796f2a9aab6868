import Foundation
import Testing

/// One input under fixtures/lint with its expected output beside it:
/// `NAME.yaml` (or .yml/.json), `NAME.expected`, and optionally `NAME.args`
/// holding extra lint arguments on one line.
struct GoldenFixture: Sendable, CustomTestStringConvertible {
    var relativePath: String

    var testDescription: String { relativePath }

    var base: URL {
        TestPaths.packageRoot.appendingPathComponent(relativePath).deletingPathExtension()
    }

    var expectedURL: URL { base.appendingPathExtension("expected") }

    var arguments: [String] {
        guard let text = try? String(contentsOf: base.appendingPathExtension("args"), encoding: .utf8) else { return [] }
        return text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
    }

    static let all: [GoldenFixture] = {
        let root = TestPaths.fixtures.appendingPathComponent("lint")
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        var fixtures: [GoldenFixture] = []
        for case let url as URL in enumerator where ["yaml", "yml", "json"].contains(url.pathExtension) {
            let relative = url.path.replacingOccurrences(of: TestPaths.packageRoot.path + "/", with: "")
            fixtures.append(GoldenFixture(relativePath: relative))
        }
        return fixtures.sorted { $0.relativePath < $1.relativePath }
    }()

    /// What the test compares: stdout, stderr when there is any, and the exit status (lint run in process).
    func actualOutput() throws -> String {
        InProcess.tokenctl(["lint"] + arguments + [relativePath]).goldenText
    }
}

@Suite struct GoldenTests {
    @Test(arguments: GoldenFixture.all)
    func lintOutputMatchesExpected(_ fixture: GoldenFixture) throws {
        try expectGolden(try fixture.actualOutput(), at: fixture.expectedURL)
    }

    @Test func thereAreGoldenFixtures() {
        #expect(GoldenFixture.all.count > 60)
    }
}

extension CommandResult {
    /// What a golden file holds: stdout, stderr when there is any, and the exit status.
    var goldenText: String {
        var text = stdout
        if !stderr.isEmpty { text += "--- stderr\n" + stderr }
        return text + "--- exit \(status)\n"
    }
}

/// Compares a golden file with what the command printed, or rewrites it under `UPDATE_GOLDEN=1`.
func expectGolden(_ actual: String, at url: URL) throws {
    if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
        try actual.write(to: url, atomically: true, encoding: .utf8)
        return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    #expect(actual == expected, "run `make golden` and review the diff if the change is intended")
}
