import Foundation
import Testing

/// Issue 9, secrets: a `token`-method name never shows unmasked — not inside
/// another token's name, not in a label or description, not in an echoed
/// source line however the source spells it (escapes, `''`, a line folded
/// with `\`), not as an unquoted number in a `wrong-type` message — in any
/// command or format. And masking is not over-eager: a short secret does not
/// corrupt JSON keys or words, and a name with an unknown join method is not
/// a secret.
@Suite struct SecretSpellingTests {
    /// 16 characters: masked as 12 `*` and its last four.
    static let secret = "Zq7mK2pX9vR4tW8y"
    static let secretHidden = "Zq7mK2pX9vR4"
    /// Holds an apostrophe, so single-quoted YAML writes it as `''`.
    static let apostropheSecret = "k9'Lm3nP4qR7sT2v"
    static let apostropheHidden = "k9'Lm3nP4qR7"
    static let numericSecret = "1234567890123456789"
    static let numericHidden = "12345678901234"
    /// Fragments of the hidden parts that no output may hold, in any spelling.
    static let forbidden = ["mK2pX9vR", "Lm3nP4qR", "56789012345", "Zq7mK2pX", "k9''Lm3n", "\\x5Aq7m", "\\u005Aq7"]

    /// Valid tokens: the secret spelled several ways in other tokens' fields.
    static let valid = """
        kind: token
        version: v2
        metadata: {name: \(secret), expires: "2030-01-01T00:00:00Z"}
        spec: {roles: [Node], join_method: token}
        ---
        kind: token
        version: v2
        metadata: {name: 'k9''Lm3nP4qR7sT2v', expires: "2030-01-01T00:00:00Z"}
        spec: {roles: [Node], join_method: token}
        ---
        kind: token
        version: v2
        metadata:
          name: \(secret)-ec2
          description: "handed over with \\x5Aq7mK2pX9vR4tW8y and \\u005Aq7mK2pX\\
            9vR4tW8y"
          labels: {peer: 'k9''Lm3nP4qR7sT2v'}
        spec:
          roles: [Node]
          join_method: ec2
          allow:
          - aws_account: "692406183521"
            aws_regions: [us-west-2]
        """

    /// Errors on the lines that spell the secrets, so lint echoes them.
    static let broken = """
        kind: token
        version: v2
        metadata: {name: \(secret), nmae: x}
        spec: {roles: [Node], join_method: token}
        ---
        kind: token
        version: v2
        metadata: {name: 'k9''Lm3nP4qR7sT2v', nmae: x}
        spec: {roles: [Node], join_method: token}
        ---
        kind: token
        version: v2
        metadata: {name: "\\x5Aq7mK2pX9vR4tW8y-ec2", description: "\\u005Aq7mK2pX9vR4tW8y", nmae: x}
        spec: {roles: [Node], join_method: ec2, allow: [{aws_account: "692406183521"}]}
        ---
        kind: token
        version: v2
        metadata:
          name: "\\x5Aq7mK2pX\\
            9vR4tW8y"
          description: other
          nmae: x
        spec: {roles: [Node], join_method: ec2, allow: [{aws_account: "692406183521"}]}
        ---
        kind: token
        version: v2
        metadata: {name: \(numericSecret)}
        spec: {roles: [Node], join_method: token}
        ---
        kind: token
        version: v2
        metadata: {name: \(secret)}
        spec: {roles: [Node], join_method: ec2, allow: [{aws_account: "692406183521"}]}
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

    var invocations: [[String]] {
        var runs: [[String]] = []
        for file in [validPath, brokenPath] {
            for format in ["text", "json", "github", "sarif"] {
                runs.append(["lint", "--strict", "--format", format, file])
            }
        }
        runs += [
            ["create", brokenPath], ["create", "--dry-run", validPath], ["create", validPath], ["create", validPath],
            ["create", "--force", validPath],
            ["list"], ["list", "--format", "json"], ["list", "--format", "yaml"], ["list", "--format", "names"],
            ["get"], ["get", "--format", "json"], ["get", Self.secret + "-ec2"],
            ["check", "--iid", blob, "--at", "pending+1m"], ["check", "--iid", blob, "--at", "pending+1m", "--format", "json"],
            ["check", "--iid", blob, "-f", validPath, "--at", "pending+1m"],
            ["check", "--iid", blob, "-f", validPath, "--format", "json"],
            ["check", "--iid", blob, "-f", brokenPath],
            ["---completion", "rm", "--", "positional@0", "2", "0", "tokenctl", "rm", ""],
            ["---completion", "get", "--", "positional@0", "2", "0", "tokenctl", "get", ""],
            ["rm", Self.secret + "-ec2", Self.secret + "-missing"], ["rm", Self.secret, Self.apostropheSecret],
        ]
        return runs
    }

    @Test func noCommandShowsASecretInAnySpelling() throws {
        var sawMaskedName = false
        for arguments in invocations {
            // Shell completion takes the database from the environment (or the words being completed).
            let result =
                arguments[0] == "---completion"
                ? try runTokenctl(arguments, environment: ["TOKENCTL_DB": db]) : try runTokenctl(["--db", db] + arguments)
            let output = result.stdout + result.stderr
            for fragment in Self.forbidden + [Self.secret, Self.apostropheSecret, Self.numericSecret] {
                #expect(!output.contains(fragment), "tokenctl \(arguments.joined(separator: " ")) showed \(fragment):\n\(output)")
            }
            #expect([0, 1, 2].contains(result.status), "\(arguments): status \(result.status)\n\(output)")
            if output.contains("************tW8y-ec2") { sawMaskedName = true }
        }
        // The other token's name was printed, with the secret inside it masked.
        #expect(sawMaskedName)
    }

    @Test func echoedLinesStarOutEscapedSpellingsColumnForColumn() throws {
        let result = try runTokenctl(["lint", brokenPath])
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // The escaped name: its whole span starred, so the caret under `nmae` still lines up.
        let echoed = try #require(lines.first { $0.hasPrefix("13 | ") })
        #expect(echoed.hasPrefix("13 | metadata: {name: \"***********************\", description: \"*********************\", nmae: x}"), "\(echoed)")
        // Folded over two lines with `\`: both lines of the value are starred.
        #expect(lines.contains("19 |   name: *************"), "\(result.stdout)")
        // Written literally, the secret is masked as everywhere else.
        #expect(lines.contains("3 | metadata: {name: ************tW8y, nmae: x}"), "\(result.stdout)")
        // The wrong-type message of an unquoted numeric secret.
        #expect(result.stdout.contains("metadata.name must be a string, but **************56789 is read as"), "\(result.stdout)")
    }

    @Test func shortSecretsAreMaskedOnlyAsWholeValues() throws {
        let manifest = """
            kind: token
            version: v2
            metadata: {name: name, expires: "2030-01-01T00:00:00Z", labels: {name: name}}
            spec: {roles: [Node], join_method: token}
            ---
            kind: token
            version: v2
            metadata: {name: rename-me, description: a name, labels: {peer: name}}
            spec: {roles: [Node], join_method: ec2, allow: [{aws_account: "111111111111", aws_regions: [us-west-2]}]}
            """
        let path = directory.appendingPathComponent("short.yaml").path
        try manifest.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try runTokenctl(["--db", db, "create", path]).status == 0)
        let json = try runTokenctl(["--db", db, "list", "--format", "json"]).stdout
        #expect(json.contains("\"name\": \"****\""), "\(json)")
        #expect(json.contains("\"name\": \"rename-me\""), "\(json)")
        #expect(json.contains("\"description\": \"a name\""), "\(json)")
        #expect(json.contains("\"peer\": \"****\""), "\(json)")
        #expect(!json.contains("\"name\": \"name\""))
        let table = try runTokenctl(["--db", db, "list"]).stdout
        #expect(table.contains("rename-me"), "\(table)")
    }

    @Test func namesOfUnknownJoinMethodsAreNotSecrets() throws {
        let manifest = """
            kind: token
            version: v2
            metadata: {name: terraform}
            spec: {roles: [Node], join_method: terraform_clod}
            """
        let result = try runTokenctl(["lint", "--format", "json", "-"], stdin: Data(manifest.utf8))
        #expect(result.stdout.contains("unknown join method \\\"terraform_clod\\\"; did you mean \\\"terraform_cloud\\\"?"), "\(result.stdout)")
        #expect(result.stdout.contains("\"token\": \"terraform\""), "\(result.stdout)")
    }

    @Test func maskedOutputCannotBeStoredAsASecret() throws {
        #expect(try runTokenctl(["--db", db, "create", validPath]).status == 0)
        let exported = try runTokenctl(["--db", db, "get"]).stdout
        let reimport = try runTokenctl(["--db", db, "create", "--force", "-"], stdin: Data(exported.utf8))
        #expect(reimport.status == 1, "\(reimport.stdout)\(reimport.stderr)")
        #expect(reimport.stderr.contains("[masked-name]"), "\(reimport.stderr)")
        #expect(reimport.stderr.contains("nothing was stored"))
        // With the secrets, the round trip changes nothing.
        let full = try runTokenctl(["--db", db, "get", "--with-secrets"]).stdout
        let again = try runTokenctl(["--db", db, "create", "--force", "-"], stdin: Data(full.utf8))
        #expect(again.status == 0)
        #expect(again.stdout.split(separator: "\n").allSatisfy { $0.hasSuffix("is unchanged") }, "\(again.stdout)")
    }
}
