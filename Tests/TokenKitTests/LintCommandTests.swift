import Foundation
import Testing

/// The lint command line: SPEC §1 exit statuses, inputs and ordering.
@Suite struct LintCommandTests {
    @Test(arguments: [
        ["lint", "--format", "xml", "fixtures/lint/examples/teleport-docs.yaml"],
        ["lint", "--disable", "no-such-rule", "fixtures/lint/examples/teleport-docs.yaml"],
        ["lint", "--no-such-flag", "x.yaml"],
        ["frobnicate"],
        ["lint"],
    ])
    func usageErrorsExit64(_ arguments: [String]) throws {
        let result = try runTokenctl(arguments)
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func unknownDisableRuleSuggestsTheNearestOne() throws {
        let result = try runTokenctl(["lint", "--disable", "any-regions", "fixtures/lint/examples/teleport-docs.yaml"])
        #expect(result.stderr.contains("unknown rule id \"any-regions\" in --disable; did you mean \"any-region\"?"))
    }

    @Test func standardInputIsShownAsStdin() throws {
        let manifest = try Data(contentsOf: TestPaths.fixtures.appendingPathComponent("lint/rules/wrong-type.fail.yaml"))
        let result = try runTokenctl(["lint", "-"], stdin: manifest)
        #expect(result.stdout.hasPrefix("<stdin>:9:18: error: spec.allow[0].aws_account must be a string"))
        #expect(result.status == 1)
    }

    @Test func worstStatusWinsAndEveryFileIsReported() throws {
        let result = try runTokenctl([
            "lint", "fixtures/lint/rules/wrong-type.fail.yaml", "fixtures/lint/hostile/tab-indented.yaml",
            "fixtures/lint/rules/weak-secret.fail.yaml",
        ])
        #expect(result.status == 2)
        #expect(result.stdout.contains("wrong-type.fail.yaml:9:18"))
        #expect(result.stdout.contains("tab-indented.yaml:4:1"))
        #expect(result.stdout.contains("weak-secret.fail.yaml:4:9"))
        #expect(result.stdout.hasSuffix("2 errors, 1 warning in 3 files\n"))
    }

    @Test func directoriesAreWalkedInByteOrderSkippingDotDirectories() throws {
        let root = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let manager = FileManager.default
        let bad = try Data(contentsOf: TestPaths.fixtures.appendingPathComponent("lint/rules/any-region.fail.yaml"))
        for path in ["b.yaml", "B.yml", "a/z.yaml", "a-b.yaml", ".hidden/x.yaml", "notes.txt", "c/.d.yaml"] {
            let url = root.appendingPathComponent(path)
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            manager.createFile(atPath: url.path, contents: bad)
        }
        let outside = try TestPaths.temporaryDirectory()
        defer { try? manager.removeItem(at: outside) }
        manager.createFile(atPath: outside.appendingPathComponent("linked.yaml").path, contents: bad)
        try manager.createSymbolicLink(at: root.appendingPathComponent("link"), withDestinationURL: outside)
        let result = try runTokenctl(["lint", "--format", "json", root.path])
        let findings = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        var files: [String] = []
        for finding in findings {
            guard let file = (finding["file"] as? String)?.replacingOccurrences(of: root.path + "/", with: "") else { continue }
            if files.last != file { files.append(file) }
        }
        #expect(files == ["B.yml", "a-b.yaml", "a/z.yaml", "b.yaml", "c/.d.yaml"])
    }

    @Test func suppressionCommentsSilenceOnlyTheNamedRules() throws {
        let result = try runTokenctl(["lint", "--format", "json", "fixtures/lint/examples/suppressed.yaml"])
        let findings = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(findings.compactMap { $0["rule"] as? String } == ["any-region"])
        #expect(findings.first?["line"] as? Int == 12)
    }

    @Test func secretNamesAreMaskedInEveryFormat() throws {
        let secret = "supersecret-join-token-9a8b7c"
        for format in ["text", "json", "sarif", "github"] {
            let result = try runTokenctl(["lint", "--format", format, "fixtures/lint/examples/secret-masking.yaml"])
            #expect(!result.stdout.contains(secret), "\(format)")
            #expect(!result.stderr.contains(secret))
        }
        let text = try runTokenctl(["lint", "fixtures/lint/examples/secret-masking.yaml"])
        #expect(text.stdout.contains("name: *********************n-9a8b7c"))
    }

    @Test func versionCommandAndFlagAgree() throws {
        let command = try runTokenctl(["version"])
        let flag = try runTokenctl(["--version"])
        #expect(command.stdout == flag.stdout)
        #expect(command.stdout.hasPrefix("tokenctl "))
    }

    /// Files are checked in parallel, but a name defined twice is always
    /// reported at its later definition, naming the first, in argument order.
    @Test func namesDefinedInTwoFilesAreReportedAtTheLaterOne() throws {
        let root = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        func token(_ name: String, method: String = "ec2") -> String {
            let allow = method == "ec2" ? "  allow: [{aws_account: \"123456789012\"}]\n" : ""
            return "kind: token\nversion: v2\nmetadata: {name: \(name)}\nspec:\n  roles: [Node]\n  join_method: \(method)\n\(allow)"
        }
        var paths: [String] = []
        for index in 0..<40 {
            let name: String
            switch index {
            case 17: name = "node-3"
            case 29: name = "node-18"
            case 33: name = "node-3"
            default: name = "node-\(index)"
            }
            var text = token(name)
            if index == 5 { text += "---\n" + token("c0ffee5ecret0123456789abcdef", method: "token") }
            if index == 38 { text += "---\n" + token("c0ffee5ecret0123456789abcdef", method: "token") }
            let path = root.appendingPathComponent(String(format: "m%02d.yaml", index)).path
            FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
            paths.append(path)
        }
        let result = try runTokenctl(["lint", "--format", "json"] + paths)
        #expect(result.status == 1)
        #expect(!result.stdout.contains("c0ffee5ecret0123456789abcdef"))
        let findings = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let duplicates = findings.filter { $0["rule"] as? String == "duplicate-token" }
        let reported = duplicates.compactMap { ($0["file"] as? String).map { URL(fileURLWithPath: $0).lastPathComponent } }
        #expect(reported == ["m17.yaml", "m29.yaml", "m33.yaml", "m38.yaml"])
        let messages = duplicates.compactMap { $0["message"] as? String }
        #expect(messages.count == 4)
        #expect(messages.first?.contains("first at \(paths[3]):3:") == true)
        #expect(messages.dropFirst().first?.contains("first at \(paths[18]):3:") == true)
        #expect(messages.last?.contains("first at \(paths[5]):") == true)
    }

    /// SPEC §4.3: a directory holding manifests and a node's teleport.yaml is
    /// linted in one run, each document by its own rules, and the secret a
    /// configuration spells is masked like a token's.
    @Test func aDirectoryOfManifestsAndConfigurationsChecksBoth() throws {
        let result = try runTokenctl(["lint", "--format", "json", "fixtures/lint/config-repo"])
        let findings = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let rules = Set(findings.compactMap { $0["rule"] as? String })
        #expect(rules == ["any-region", "config-unknown-key"])
        #expect(result.status == 1)
        let summary = try runTokenctl(["lint", "fixtures/lint/config-repo"]).stdout
        #expect(summary.hasSuffix("1 error, 1 warning in 2 files (1 Teleport configuration checked)\n"))

        let configuration = Data("""
            version: v3
            teleport:
              auth_token: 6f1d2c3b4a5e6f7a8b9c
              join_params: {token_name: also-secret-value-1, method: token}
              proxy_server: teleport.example.com:443
            auth_service: {enabled: no}
            proxy_service: {enabled: no}

            """.utf8)
        let masked = try runTokenctl(["lint", "-"], stdin: configuration)
        #expect(masked.stdout.contains("config-join-params"))
        #expect(!masked.stdout.contains("6f1d2c3b4a5e6f7a8b9c"))
        #expect(!masked.stdout.contains("also-secret-value-1"))
    }
}
