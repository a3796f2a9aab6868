import Foundation
import Testing

/// SPEC §4.3: `check --config` beyond the golden fixtures — the store, standard
/// input, usage errors, secrets, the JSON shape and hostile files.
@Suite struct NodeConfigCommandTests {
    static let tokens = "fixtures/config/tokens/tokens.yaml"
    static let guide = "fixtures/config/nodes/guide-ec2.yaml"
    static let vector = "fixtures/iid/rsa2048_us-west-2_2018_taskcluster-iid-verify/rsa2048.b64"

    let directory: URL

    init() throws {
        directory = try TestPaths.temporaryDirectory()
    }

    /// The same configuration gives the same verdict from -f and from the store.
    @Test(arguments: ["guide-ec2", "service-app", "method-mismatch", "token-not-found", "auth-token", "least-privilege"])
    func theStoreAndManifestsAgree(_ name: String) throws {
        let db = directory.appendingPathComponent("tokens.db").path
        #expect(try runTokenctl(["--db", db, "create", Self.tokens]).status == 0)
        let config = "fixtures/config/nodes/\(name).yaml"
        let arguments = (try? String(contentsOfFile: "\(TestPaths.packageRoot.path)/fixtures/config/nodes/\(name).args", encoding: .utf8))
            .map { $0.split(whereSeparator: \.isWhitespace).map(String.init) } ?? []
        let fromStore = try runTokenctl(["--db", db, "check", "--config", config] + arguments)
        let fromManifests = try runTokenctl(["check", "--config", config, "-f", Self.tokens] + arguments)
        #expect(fromStore.status == fromManifests.status)
        #expect(fromStore.stdout == fromManifests.stdout, "\(fromStore.stdout)\n---\n\(fromManifests.stdout)")
    }

    @Test func standardInputAndUsageErrors() throws {
        let text = try Data(contentsOf: TestPaths.packageRoot.appendingPathComponent(Self.guide))
        let piped = try runTokenctl(["check", "--config", "-", "-f", Self.tokens], stdin: text)
        #expect(piped.status == 0, "\(piped.stdout)\(piped.stderr)")
        #expect(piped.stdout.contains("config     <stdin> (v3), token \"ec2-token\" at 6:17"))

        let neither = try runTokenctl(["check", "-f", Self.tokens])
        #expect(neither.status == 64)
        #expect(neither.stderr.contains("give the join's evidence (--iid for an EC2 identity document, --caller-arn or --caller-identity for IAM), --config (the node's teleport.yaml), or both"))

        let both = try runTokenctl(["check", "--config", "-", "--iid", "-", "-f", Self.tokens])
        #expect(both.status == 64)
        #expect(both.stderr.contains("only one of --iid, --caller-identity and --config can read standard input"))

        let directoryArgument = try runTokenctl(["check", "--config", "fixtures/config", "-f", Self.tokens])
        #expect(directoryArgument.status == 2)
        #expect(directoryArgument.stderr.contains("is a directory"))
    }

    /// A token a configuration spells with the token method never appears, in text or JSON.
    @Test func theConfigurationsSecretIsMasked() throws {
        for format in ["text", "json"] {
            let result = try runTokenctl(["check", "--config", "fixtures/config/nodes/auth-token.yaml", "-f", Self.tokens, "--format", format])
            #expect(result.status == 0)
            #expect(!result.stdout.contains("9f3c1e77d2a84b0c8e5f6a7b"), "\(result.stdout)")
            #expect(result.stdout.contains("5f6a7b"))
        }
        let config = directory.appendingPathComponent("secret.yaml")
        try """
            version: v3
            teleport:
              join_params: {token_name: 0000-not-stored-secret-1111, method: token}
              proxy_server: teleport.example.com:443
            auth_service: {enabled: no}
            proxy_service: {enabled: no}

            """.write(to: config, atomically: true, encoding: .utf8)
        let missing = try runTokenctl(["check", "--config", config.path, "-f", Self.tokens])
        #expect(missing.status == 1)
        #expect(!missing.stdout.contains("0000-not-stored-secret-1111"), "\(missing.stdout)")
    }

    @Test func jsonCarriesTheDerivedFactsAndTheirPositions() throws {
        let result = try runTokenctl(
            ["check", "--config", "fixtures/config/nodes/every-role-missing.yaml", "-f", Self.tokens, "--format", "json"])
        #expect(result.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["document"] is NSNull)
        let config = try #require(json["config"] as? [String: Any])
        #expect(config["token"] as? String == "ec2-token")
        #expect(config["method"] as? String == "ec2")
        #expect(config["requestedRoles"] as? [String] == ["Instance", "Node", "Kube", "App"])
        let services = try #require(config["services"] as? [[String: Any]])
        let kube = try #require(services.first { $0["name"] as? String == "kubernetes_service" })
        #expect(kube["starts"] as? Bool == true)
        #expect((kube["decidedAt"] as? [String: Any])?["line"] as? Int == 14)
        let tokens = try #require(json["tokens"] as? [[String: Any]])
        let steps = try #require(tokens.first?["steps"] as? [[String: Any]])
        #expect(steps.map { $0["step"] as? String } == [
            "config", "token", "expiry", "join_method", "role", "signature", "host_id", "ttl", "allow_rules", "describe_instances",
        ])
        let role = try #require(steps.first { $0["step"] as? String == "role" })
        let detail = try #require(role["detail"] as? String)
        // Every missing role is named, not only the first.
        #expect(detail.contains("does not allow role Kube") && detail.contains("does not allow role App"))
    }

    /// Hostile files are unusable input with a position, never a crash or a hang.
    @Test(arguments: ["billion-laughs", "binary-junk", "empty", "invalid-utf8", "nesting-10000", "tab-indented"])
    func hostileConfigurationsAreUnusableInput(_ name: String) throws {
        let result = try runTokenctl(["check", "--config", "fixtures/lint/hostile/\(name).yaml", "-f", Self.tokens])
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("tokenctl: fixtures/lint/hostile/\(name).yaml:"), "\(result.stderr)")
        #expect(result.seconds < hangGuardSeconds)
    }

    @Test func anOversizedConfigurationIsRefusedBeforeItIsRead() throws {
        let big = directory.appendingPathComponent("big.yaml")
        let line = "# " + String(repeating: "x", count: 1000) + "\n"
        try String(repeating: line, count: 20_000).write(to: big, atomically: true, encoding: .utf8)
        let result = try runTokenctl(["check", "--config", big.path, "-f", Self.tokens])
        #expect(result.status == 2)
        #expect(result.stderr.contains("big.yaml"), "\(result.stderr)")
    }

    /// A teleport.yaml with problems among the manifests does not stop `check -f`
    /// (its tokens are what is evaluated), while `lint` still reports it.
    @Test func aBrokenConfigurationAmongManifestsDoesNotStopCheck() throws {
        try FileManager.default.copyItem(
            at: TestPaths.packageRoot.appendingPathComponent(Self.tokens), to: directory.appendingPathComponent("tokens.yaml"))
        try FileManager.default.copyItem(
            at: TestPaths.packageRoot.appendingPathComponent("fixtures/config/nodes/unknown-key.yaml"),
            to: directory.appendingPathComponent("teleport.yaml"))
        let result = try runTokenctl(["check", "-f", directory.path, "--iid", Self.vector, "--at", "pending+1m", "--token", "ec2-token"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let lint = try runTokenctl(["lint", directory.path])
        #expect(lint.status == 1)
        #expect(lint.stdout.contains("[config-unknown-key]"))
    }
}
