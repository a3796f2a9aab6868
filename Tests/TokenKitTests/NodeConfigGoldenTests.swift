import Foundation
import Testing

/// One node configuration under fixtures/config/nodes with the expected
/// `check --config` output beside it: `NAME.yaml`, `NAME.expected`, and
/// optionally `NAME.args` (more check arguments on one line). Every check
/// runs against the tokens of fixtures/config/tokens.
struct NodeConfigFixture: Sendable, CustomTestStringConvertible {
    var name: String

    var testDescription: String { name }

    static let directory = "fixtures/config/nodes"
    static let tokens = "fixtures/config/tokens/tokens.yaml"

    var base: URL { TestPaths.packageRoot.appendingPathComponent(Self.directory).appendingPathComponent(name) }

    var arguments: [String] {
        guard let text = try? String(contentsOf: base.appendingPathExtension("args"), encoding: .utf8) else { return [] }
        return text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
    }

    static let all: [NodeConfigFixture] = {
        let root = TestPaths.packageRoot.appendingPathComponent(directory)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.map { NodeConfigFixture(name: String($0.dropLast(".yaml".count))) }
            .sorted { $0.name < $1.name }
    }()

    func actualOutput() throws -> String {
        let file = "\(Self.directory)/\(name).yaml"
        return try runTokenctl(["check", "--config", file, "-f", Self.tokens] + arguments).goldenText
    }
}

/// SPEC §4.3: every derived behaviour of teleport-config.md, as `check --config` reports it.
@Suite struct NodeConfigGoldenTests {
    @Test(arguments: NodeConfigFixture.all)
    func checkOutputMatchesExpected(_ fixture: NodeConfigFixture) throws {
        try expectGolden(try fixture.actualOutput(), at: fixture.base.appendingPathExtension("expected"))
    }

    @Test func thereAreNodeConfigFixtures() {
        #expect(NodeConfigFixture.all.count >= 50)
    }
}
