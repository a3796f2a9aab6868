import Foundation
import Testing
import TokenKit

/// Issue 5: a `token`-method name is the secret itself, so it never appears
/// unmasked in any output of any command — tables, JSON, YAML, SARIF, error
/// messages, echoed source lines — unless `--with-secrets` asks for it.
@Suite struct SecretsTests {
    static let longSecret = "9d4e7a1c3b8f2e6d0a5c7b9e"
    static let shortSecret = "tok3n-short"
    static let secrets = [longSecret, shortSecret]

    static let valid = """
        kind: token
        version: v2
        metadata:
          name: \(longSecret)
          labels: {env: prod}
        spec:
          roles: [Node, Proxy]
          join_method: token
        ---
        kind: token
        version: v2
        metadata:
          name: \(shortSecret)
        spec:
          roles: [node]
          join_method: token
        ---
        kind: token
        version: v2
        metadata:
          name: ec2-token
          description: handed over with \(longSecret)
          labels: {peer: \(shortSecret)}
        spec:
          roles: [Node]
          join_method: ec2
          allow:
          - aws_account: "692406183521"
        """

    /// Errors on the secret tokens' own lines, so their messages and echoed
    /// source lines would show the names if anything did.
    static let broken = """
        kind: token
        version: v2
        metadata:
          name: \(longSecret)
          nmae: \(longSecret)
        spec:
          roles: \(longSecret)
          join_method: token
        ---
        kind: token
        version: v2
        metadata: {name: \(longSecret)}
        spec: {roles: [Node], join_method: token, bot_name: \(shortSecret)}
        ---
        kind: token
        version: v2
        metadata: {name: \(shortSecret), expires: \(shortSecret)}
        spec: {roles: [\(shortSecret)], join_method: token}
        """

    let directory: URL
    let validPath: String
    let brokenPath: String
    var db: String { directory.appendingPathComponent("tokens.db").path }
    let blob = "fixtures/iid/rsa2048_us-west-2_2018_taskcluster-iid-verify/rsa2048.b64"

    init() throws {
        directory = try TestPaths.temporaryDirectory()
        validPath = directory.appendingPathComponent("valid.yaml").path
        brokenPath = directory.appendingPathComponent("broken.yaml").path
        try Self.valid.write(toFile: validPath, atomically: true, encoding: .utf8)
        try Self.broken.write(toFile: brokenPath, atomically: true, encoding: .utf8)
    }

    /// Every command and output format, in an order that exercises both
    /// success and failure paths (conflicts, not found, invalid input).
    var invocations: [[String]] {
        var runs: [[String]] = []
        for file in [validPath, brokenPath] {
            for format in ["text", "json", "github", "sarif"] {
                runs.append(["lint", "--strict", "--format", format, file])
            }
        }
        runs += [
            ["create", brokenPath], ["create", "--dry-run", validPath], ["create", validPath], ["create", validPath],
            ["create", "--force", validPath], ["create", "--dry-run", "--force", validPath],
            ["list"], ["list", "--format", "json"], ["list", "--format", "yaml"], ["list", "--format", "names"],
            ["list", "--join-method", "token"], ["list", "--labels", "env=prod"], ["ls", "--role", "node"],
            ["get"], ["get", "--format", "json"], ["get", Self.longSecret], ["get", "token/" + Self.shortSecret],
            ["get", Self.longSecret + "x", Self.shortSecret + "x"],
            ["check", "--iid", blob, "--at", "pending+1m"], ["check", "--iid", blob, "--token", Self.longSecret],
            ["check", "--iid", blob, "--format", "json", "--token", Self.shortSecret],
            ["check", "--iid", blob, "-f", validPath, "--token", Self.longSecret],
            ["check", "--iid", blob, "-f", brokenPath],
            ["rm", Self.longSecret + "x", Self.shortSecret + "x"], ["rm", Self.longSecret, Self.shortSecret],
        ]
        return runs
    }

    @Test func noOutputOfAnyCommandShowsASecretName() throws {
        var seenMasked = false
        for arguments in invocations {
            let result = try runTokenctl(["--db", db] + arguments)
            let output = result.stdout + result.stderr
            for secret in Self.secrets {
                #expect(!output.contains(secret), "tokenctl \(arguments.joined(separator: " ")) showed a secret:\n\(output)")
            }
            #expect([0, 1, 2, 3].contains(result.status), "\(arguments): status \(result.status)\n\(output)")
            if output.contains("******************1c3b8f2e") || output.contains("***********") { seenMasked = true }
        }
        // The names were there to leak: they were shown, masked.
        #expect(seenMasked)
    }

    /// Whether echoed source lines need the decoded values' positions: only
    /// when a secret could be spelled other than literally there.
    @Test func sourceThatMayHideASecret() {
        let long = SecretRedactor(secrets: ["3f9a1c7e5b2d8046"])
        #expect(!long.mayHideIn(Array("name: 3f9a1c7e5b2d8046\nx: 'it''s'".utf8).filter { $0 != UInt8(ascii: "'") }))
        #expect(long.mayHideIn(Array("name: \"3f9a\\x31c7e5b2d8046\"".utf8)))
        #expect(long.mayHideIn(Array("name: 'it''s'".utf8)))
        #expect(!long.mayHideIn(Array("name: 'a' 'b'".utf8)))
        #expect(SecretRedactor(secrets: ["a secret with spaces"]).mayHideIn(Array("plain".utf8)))
        #expect(SecretRedactor(secrets: ["short"]).mayHideIn(Array("plain".utf8)))
        #expect(!SecretRedactor.none.mayHideIn(Array("'' \\".utf8)))
        #expect(long.adding(["another secret"]).mayHideIn(Array("plain".utf8)))
    }

    @Test func withSecretsShowsThem() throws {
        _ = try runTokenctl(["--db", db, "create", validPath])
        for arguments in [["list", "--with-secrets"], ["list", "--with-secrets", "--format", "json"], ["get", "--with-secrets"]] {
            let output = try runTokenctl(["--db", db] + arguments).stdout
            for secret in Self.secrets {
                #expect(output.contains(secret), "\(arguments)")
            }
        }
    }
}
