import Foundation
import Testing

/// SPEC §4.4 `policy`: the guide's policy documents for the stored (or -f) ec2 tokens.
@Suite struct PolicyCommandTests {
    static let guide = "fixtures/lint/examples/teleport-docs.yaml"

    func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    /// The documents of the EC2 guide (aws-ec2.mdx), for its multi-account token.
    @Test func theGuidesPoliciesForItsMultiAccountToken() throws {
        let result = try runTokenctl(["policy", "-f", Self.guide, "--auth-account", "111111111111", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let output = try #require(try json(result.stdout) as? [String: Any])
        let describe = try #require((output["describeInstances"] as? [String: Any])?["policy"] as? NSDictionary)
        #expect(describe == (try json(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "*"}]}"#) as? NSDictionary))
        let assume = try #require((output["assumeRole"] as? [String: Any])?["policy"] as? NSDictionary)
        #expect(assume == (try json("""
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::222222222222:role/teleport-DescribeInstances-role"},
              {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::333333333333:role/teleport-DescribeInstances-role"}]}
            """) as? NSDictionary))
        let trust = try #require(output["trust"] as? [[String: Any]])
        #expect(trust.compactMap { $0["role"] as? String } == [
            "arn:aws:iam::222222222222:role/teleport-DescribeInstances-role", "arn:aws:iam::333333333333:role/teleport-DescribeInstances-role",
        ])
        #expect((trust.first?["policy"] as? NSDictionary) == (try json("""
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": "sts:AssumeRole"}]}
            """) as? NSDictionary))
    }

    /// Text output: each document valid JSON under its comment line; the same from the store.
    @Test func textDocumentsAreValidJSONAndTheStoreAgrees() throws {
        let text = try runTokenctl(["policy", "-f", Self.guide, "--auth-account", "222222222222"])
        #expect(text.status == 0)
        let documents = text.stdout.components(separatedBy: "\n\n").map { block in
            block.split(separator: "\n").filter { !$0.hasPrefix("#") }.joined(separator: "\n")
        }.filter { !$0.isEmpty }
        // DescribeInstances, AssumeRole, and one trust policy: the role in 222222222222 is the Auth account's own.
        #expect(documents.count == 3, "\(text.stdout)")
        for document in documents { #expect(try json(document) is [String: Any]) }
        #expect(!text.stdout.contains("trust policy of teleport-DescribeInstances-role: set as the trust relationship of arn:aws:iam::222222222222"))

        let directory = try TestPaths.temporaryDirectory()
        let db = directory.appendingPathComponent("tokens.db").path
        #expect(try runTokenctl(["--db", db, "create", Self.guide]).status == 0)
        let stored = try runTokenctl(["--db", db, "policy", "--auth-account", "222222222222"])
        #expect(stored.stdout == text.stdout)
    }

    @Test func withoutTheAuthAccountTheTrustPoliciesAreNamedNotWritten() throws {
        let result = try runTokenctl(["policy", "-f", Self.guide])
        #expect(result.status == 0)
        #expect(result.stderr.contains("the trust policy of arn:aws:iam::222222222222:role/teleport-DescribeInstances-role needs the Auth Service's account: give --auth-account"))
        #expect(!result.stdout.contains("Principal"))
        let bad = try runTokenctl(["policy", "-f", Self.guide, "--auth-account", "12345"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--auth-account 12345 is not a 12-digit AWS account ID"))
    }

    @Test func tokensWithoutRolesNeedNoAssumeRolePolicy() throws {
        let result = try runTokenctl(["policy", "-f", "fixtures/config/tokens/tokens.yaml", "--format", "json"])
        #expect(result.status == 0)
        let output = try #require(try json(result.stdout) as? [String: Any])
        #expect(output["assumeRole"] is NSNull)
        #expect((output["trust"] as? [Any])?.isEmpty == true)
    }
}
