import Foundation
import Testing
@testable import TokenKit

/// SPEC §4.2: the IAM dry run — `check --caller-arn` / `--caller-identity`.
@Suite struct IAMCheckTests {
    static let tokens = "fixtures/iam/tokens.yaml"
    static let nodeARN = "arn:aws:sts::111111111111:assumed-role/teleport-node-role/i-0123456789abcdef0"

    let directory: URL

    init() throws {
        directory = try TestPaths.temporaryDirectory()
    }

    /// Each verdict, and the deciding step, for callers Teleport would let in or keep out.
    static let verdicts: [(arn: String, arguments: [String], status: Int32, verdict: String)] = [
        (nodeARN, [], 0, "ALLOWED by token \"iam-token\" (allow rule 1)"),
        // The role ARN in the token matches only the role itself, never a session of it.
        ("arn:aws:iam::111111111111:role/teleport-node-role", ["--token", "iam-role-arn"], 0, "ALLOWED by token \"iam-role-arn\" (allow rule 1)"),
        (nodeARN, ["--token", "iam-role-arn"], 1,
         "DENIED: instance \(nodeARN) did not match any allow rules in token iam-role-arn"),
        // `?` is one character; the Bot role is fine for iam.
        ("arn:aws:sts::222222222222:assumed-role/ci-runner-7/session", ["--role", "Bot"], 0, "ALLOWED by token \"iam-bots\" (allow rule 1)"),
        ("arn:aws:sts::222222222222:assumed-role/ci-runner-17/session", ["--token", "iam-bots"], 1,
         "DENIED: instance arn:aws:sts::222222222222:assumed-role/ci-runner-17/session did not match any allow rules in token iam-bots"),
        // The second rule names only an organization: allowed if the account belongs to it.
        ("arn:aws:sts::444444444444:assumed-role/any/thing", [], 0,
         "ALLOWED if account 444444444444 belongs to organization o-exampleorgid (token \"iam-organization\", allow rule 2)"),
        (nodeARN, ["--token", "ec2-token"], 1, "DENIED: token \"ec2-token\" uses the \"ec2\" join method, not \"iam\""),
        (nodeARN, ["--role", "Kube", "--token", "iam-token"], 1, "DENIED: token \"iam-token\" does not grant role Kube (it grants Node)"),
    ]

    @Test(arguments: 0..<verdicts.count)
    func verdictsFromManifestsAndTheStoreAgree(_ index: Int) throws {
        let (arn, arguments, status, verdict) = Self.verdicts[index]
        let fromManifests = try runTokenctl(["check", "-f", Self.tokens, "--caller-arn", arn] + arguments)
        #expect(fromManifests.status == status, "\(fromManifests.stdout)\(fromManifests.stderr)")
        #expect(fromManifests.stdout.hasPrefix(verdict + "\n"), "\(fromManifests.stdout)")
        let db = directory.appendingPathComponent("tokens.db").path
        #expect(try runTokenctl(["--db", db, "create", Self.tokens]).status == 0)
        let fromStore = try runTokenctl(["--db", db, "check", "--caller-arn", arn] + arguments)
        #expect(fromStore.status == status)
        #expect(fromStore.stdout.hasPrefix(verdict + "\n"), "\(fromStore.stdout)")
    }

    @Test func storeCandidatesAreTheAccountsIAMTokensOnly() throws {
        let db = directory.appendingPathComponent("tokens.db").path
        #expect(try runTokenctl(["--db", db, "create", Self.tokens]).status == 0)
        let result = try runTokenctl(["--db", db, "check", "--caller-arn", Self.nodeARN, "--all", "--format", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let names = try #require(json["tokens"] as? [[String: Any]]).compactMap { $0["name"] as? String }
        // iam tokens with a rule for 111111111111 or for any account; not the ec2 token, not iam-bots (222222222222).
        #expect(names == ["iam-organization", "iam-role-arn", "iam-token"])
        let identity = try #require(json["identity"] as? [String: Any])
        #expect(identity["kind"] as? String == "iam")
        #expect(identity["account"] as? String == "111111111111")
        #expect(json["document"] == nil)
    }

    @Test func theCallerIdentityFileIsTheSameEvidence() throws {
        let result = try runTokenctl(["check", "-f", Self.tokens, "--caller-identity", "fixtures/iam/caller.json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("ALLOWED by token \"iam-token\" (allow rule 1)\n"))
        #expect(result.stdout.contains("identity   iam \(Self.nodeARN) (account 111111111111)"))
        let piped = try runTokenctl(
            ["check", "-f", Self.tokens, "--caller-identity", "-"], stdin: try Data(contentsOf: TestPaths.fixtures.appendingPathComponent("iam/caller.json")))
        #expect(piped.stdout == result.stdout)
    }

    @Test func aConditionalAllowSaysSoInJSON() throws {
        let result = try runTokenctl(["check", "-f", Self.tokens, "--caller-arn", "arn:aws:iam::444444444444:user/alice", "--format", "json"])
        #expect(result.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["conditional"] as? Bool == true)
        #expect(json["organization"] as? String == "o-exampleorgid")
        let decisive = try #require((json["tokens"] as? [[String: Any]])?.first { $0["decisive"] as? Bool == true })
        let steps = try #require(decisive["steps"] as? [[String: Any]])
        #expect(steps.map { $0["step"] as? String } == ["token", "expiry", "join_method", "role", "allow_rules", "organization"])
        #expect(steps.last?["status"] as? String == "skip")
    }

    /// Malformed evidence is unusable input (2); two kinds of evidence are a usage error (64).
    @Test(arguments: [
        (["--caller-arn", "arn:aws:sts::11111111111:assumed-role/a/b"], Int32(2), "is not a 12-digit AWS account ID"),
        (["--caller-arn", "arn:aws:s3:::bucket"], 2, "is a \"s3\" ARN"),
        (["--caller-arn", "role/teleport"], 2, "is not an ARN"),
        (["--caller-arn", "arn:aws:sts:us-east-1:111111111111:assumed-role/a/b"], 2, "has no region"),
        (["--caller-identity", "fixtures/iam/tokens.yaml"], 2, "caller identity"),
        (["--caller-arn", nodeARN, "--iid", "fixtures/iam/caller.json"], 64, "give one"),
        (["--caller-arn", nodeARN, "--at", "pending+1m"], 64, "relative to the document's pendingTime"),
    ])
    func unusableEvidence(_ arguments: [String], _ status: Int32, _ message: String) throws {
        let result = try runTokenctl(["check", "-f", Self.tokens] + arguments)
        #expect(result.status == status, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test func theCallerIdentityMustAgreeWithItself() throws {
        let file = directory.appendingPathComponent("mismatch.json")
        try #"{"UserId": "AIDA", "Account": "222222222222", "Arn": "arn:aws:iam::111111111111:user/alice"}"#.write(
            to: file, atomically: true, encoding: .utf8)
        let result = try runTokenctl(["check", "-f", Self.tokens, "--caller-identity", file.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\"Account\" (222222222222) is not the account in its \"Arn\" (111111111111)"))
    }

    @Test func caseFilesTakeACallerARN() throws {
        let cases = """
            manifests: [\(TestPaths.fixtures.path)/iam/tokens.yaml]
            cases:
            - name: the node role joins
              caller_arn: \(Self.nodeARN)
              expect: allowed
              token: iam-token
              rule: 1
            - name: from its identity file
              caller_identity: \(TestPaths.fixtures.path)/iam/caller.json
              expect: allowed
            - name: a stranger is refused
              caller_arn: arn:aws:sts::555555555555:assumed-role/x/y
              expect: allowed

            """
        let file = directory.appendingPathComponent("iam.tokentest.yaml")
        try cases.write(to: file, atomically: true, encoding: .utf8)
        let result = try runTokenctl(["test", file.path])
        // The organization-only rule allows the stranger conditionally: an allow, as check says.
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.hasSuffix("3 passed, 0 failed\n"))

        try "cases:\n- name: two joins\n  caller_arn: \(Self.nodeARN)\n  iid: x.json\n  expect: allowed\n".write(to: file, atomically: true, encoding: .utf8)
        let malformed = try runTokenctl(["test", file.path])
        #expect(malformed.status == 2)
        #expect(malformed.stderr.contains("a case is one join"), "\(malformed.stderr)")
    }
}
