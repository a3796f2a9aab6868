import Foundation
import Testing

/// Where operators already are (issue 15): the pre-commit hooks and the CI
/// recipes of docs/ci, each run for real on docs/ci/example.
@Suite struct EcosystemTests {
    static let example = TestPaths.packageRoot.appendingPathComponent("docs/ci/example")

    /// A copy of the example repository in a new git repository.
    static func exampleRepository() throws -> URL {
        let directory = try TestPaths.temporaryDirectory()
        let repository = directory.appendingPathComponent("repo")
        try FileManager.default.copyItem(at: example, to: repository)
        try git(["init", "-q"], in: repository)
        return repository
    }

    @discardableResult
    static func git(_ arguments: [String], in directory: URL) throws -> CommandResult {
        let result = try shell(
            "git -c user.email=test@example.com -c user.name=test -c init.defaultBranch=main -c commit.gpgsign=false "
                + arguments.map { "'\($0)'" }.joined(separator: " "), in: directory)
        if result.status != 0 { throw MotoServer.MotoError(message: "git \(arguments): \(result.stderr)") }
        return result
    }

    /// Runs a shell command in a directory with the tokenctl under test first on PATH.
    static func shell(_ command: String, in directory: URL, environment: [String: String] = [:]) throws -> CommandResult {
        let path = TestPaths.binary.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        var variables = ["PATH": path, "TOKENCTL_NOW": goldenNow, "HOME": directory.path]
        variables.merge(environment) { $1 }
        let assignments = variables.map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
        return try run("/bin/bash", ["-c", "cd '\(directory.path)' && env \(assignments) bash -c \"$0\"", command])
    }

    @Test func preCommitHooksLintAndTestStagedFiles() throws {
        // A hook repository holding only .pre-commit-hooks.yaml, as pre-commit clones it.
        let hooks = try TestPaths.temporaryDirectory()
        try FileManager.default.copyItem(
            at: TestPaths.packageRoot.appendingPathComponent(".pre-commit-hooks.yaml"), to: hooks.appendingPathComponent(".pre-commit-hooks.yaml"))
        try Self.git(["init", "-q"], in: hooks)
        try Self.git(["add", "."], in: hooks)
        try Self.git(["commit", "-qm", "hooks"], in: hooks)
        let revision = try Self.git(["rev-parse", "HEAD"], in: hooks).stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        let repository = try Self.exampleRepository()
        let config = """
            repos:
            - repo: \(hooks.path)
              rev: \(revision)
              hooks:
              - id: tokenctl-lint
              - id: tokenctl-test

            """
        try config.write(to: repository.appendingPathComponent(".pre-commit-config.yaml"), atomically: true, encoding: .utf8)
        // YAML that is not Teleport's: the hooks' file patterns leave it alone.
        try FileManager.default.createDirectory(at: repository.appendingPathComponent(".github/workflows"), withIntermediateDirectories: true)
        try "name: ci\non: push\n".write(to: repository.appendingPathComponent(".github/workflows/ci.yml"), atomically: true, encoding: .utf8)
        try Self.git(["add", "-A"], in: repository)
        let cache = ["PRE_COMMIT_HOME": repository.deletingLastPathComponent().appendingPathComponent("cache").path]
        let clean = try Self.shell("python3 -m pre_commit run", in: repository, environment: cache)
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        #expect(clean.stdout.contains("tokenctl lint") && clean.stdout.contains("tokenctl test"))
        #expect(!clean.stdout.contains("(no files to check)Skipped"), "\(clean.stdout)")

        // A broken manifest, staged: the commit is stopped with the finding.
        let tokens = repository.appendingPathComponent("teleport/tokens.yaml")
        let broken = try String(contentsOf: tokens, encoding: .utf8).replacingOccurrences(of: "\"692406183521\"", with: "692406183521")
        try broken.write(to: tokens, atomically: true, encoding: .utf8)
        try Self.git(["add", "-A"], in: repository)
        let stopped = try Self.shell("python3 -m pre_commit run", in: repository, environment: cache)
        #expect(stopped.status == 1)
        #expect(stopped.stdout.contains("teleport/tokens.yaml:11:18: error:") && stopped.stdout.contains("[wrong-type]"), "\(stopped.stdout)")
    }

    @Test(arguments: ["github-actions.yml", "gitlab-ci.yml"])
    func ciRecipeCommandsRunOnTheExample(_ recipe: String) throws {
        let listed = try run(
            "/usr/bin/env", ["python3", TestPaths.fixtures.appendingPathComponent("ci/recipe_commands.py").path, "docs/ci/\(recipe)"])
        let commands = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String], "\(listed.stderr)")
        #expect(commands.contains { $0.hasPrefix("tokenctl lint") } && commands.contains { $0.hasPrefix("tokenctl test") })
        let repository = try Self.exampleRepository()
        for command in commands {
            let result = try Self.shell(command, in: repository)
            #expect(result.status == 0, "\(command): \(result.stdout)\(result.stderr)")
        }
        // What the recipes hand on: SARIF for code scanning, JUnit for the test report.
        let junit = try String(contentsOf: repository.appendingPathComponent("tokenctl-junit.xml"), encoding: .utf8)
        #expect(junit.contains("<testsuites") && junit.contains("tests=\"2\"") && junit.contains("failures=\"0\""))
        if recipe == "gitlab-ci.yml" {
            let report = try Data(contentsOf: repository.appendingPathComponent("gl-code-quality.json"))
            #expect(try JSONSerialization.jsonObject(with: report) as? [Any] != nil)
        }
        if recipe == "github-actions.yml" {
            let sarif = try Data(contentsOf: repository.appendingPathComponent("tokenctl.sarif"))
            let log = try #require(try JSONSerialization.jsonObject(with: sarif) as? [String: Any])
            #expect(log["version"] as? String == "2.1.0")
        }
    }

    /// Long lint and create runs show a progress line on a terminal's stderr, and nowhere else.
    @Test func progressLineOnlyOnATerminal() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let documents = (0..<3000).map {
            "kind: token\nversion: v2\nmetadata: {name: node-\($0)}\nspec: {roles: [Node], allow: [{aws_account: \"111111111111\", aws_regions: [us-east-1]}]}\n"
        }
        let file = directory.appendingPathComponent("many.yaml")
        try documents.joined(separator: "---\n").write(to: file, atomically: true, encoding: .utf8)
        let db = directory.appendingPathComponent("t.db").path
        func onTerminal(_ command: String, _ environment: String = "") throws -> String {
            // script(1) gives the command a terminal; its output (both streams) is the terminal's.
            try run(
                "/usr/bin/script",
                ["-qefc", "env -u NO_COLOR TERM=xterm TOKENCTL_NOW=\(goldenNow) \(environment) \(TestPaths.binary.path) \(command) >/dev/null", "/dev/null"]
            ).stdout
        }
        let lint = try onTerminal("lint \(file.path)")
        #expect(lint.contains("\rlinted 2000 documents (") && lint.contains("\rlinted 3000 documents ("), "\(lint.debugDescription)")
        #expect(lint.hasSuffix("\r\u{1B}[K"), "the line is erased at the end")
        #expect(try onTerminal("--db \(db) create \(file.path)").contains("\rread 3000 documents ("))
        #expect(try onTerminal("lint \(file.path)", "NO_COLOR=1").isEmpty)
        #expect(try onTerminal("lint \(file.path)", "TERM=dumb").isEmpty)
        #expect(try onTerminal("lint --disable any-region \(file.path) 2>/dev/null").isEmpty)
        let piped = try runTokenctl(["lint", file.path])
        #expect(!piped.stderr.contains("documents ("))
    }
}
