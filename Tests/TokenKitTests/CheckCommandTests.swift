import Foundation
import Testing

/// `tokenctl check` end to end: inputs, candidates, output formats, exit statuses.
@Suite struct CheckCommandTests {
    let directory: URL
    var db: String { directory.appendingPathComponent("tokens.db").path }

    init() throws {
        directory = try TestPaths.temporaryDirectory()
    }

    static let vector = "fixtures/iid/rsa2048_us-west-2_2018_taskcluster-iid-verify"

    /// Manifests for the vector's account (692406183521, us-west-2).
    func manifests() throws -> String {
        let text = """
            kind: token
            version: v2
            metadata: {name: fleet-west}
            spec:
              roles: [Node]
              allow:
              - {aws_account: "692406183521", aws_regions: [us-east-1]}
              - {aws_account: "692406183521", aws_regions: [us-west-2], aws_role: "arn:aws:iam::692406183521:role/describe"}
            ---
            kind: token
            version: v2
            metadata: {name: other-account}
            spec: {roles: [Node], allow: [{aws_account: "111111111111"}]}
            ---
            kind: token
            version: v2
            metadata: {name: 0123456789abcdef0123}
            spec: {roles: [Node], join_method: token}
            """
        let path = directory.appendingPathComponent("tokens.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func allowedFromTheStoreThroughTheAccountIndex() throws {
        #expect(try runTokenctl(["--db", db, "create", try manifests()]).status == 0)
        let result = try runTokenctl(["--db", db, "check", "--iid", "\(Self.vector)/rsa2048.b64", "--at", "pending+4m"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.hasPrefix("ALLOWED by token \"fleet-west\" (allow rule 2)\n"))
        #expect(result.stdout.contains("✓ signature           verified with AWS's us-west-2 rsa2048 certificate"))
        #expect(result.stdout.contains("assuming arn:aws:iam::692406183521:role/describe"))
        // Only ec2 tokens with a rule for this account (or any account) are candidates.
        #expect(!result.stdout.contains("other-account"))
        #expect(!result.stdout.contains("0123456789abcdef0123"))
    }

    @Test func deniedAfterTheTTLWithJSONOutput() throws {
        let result = try runTokenctl(["check", "-f", try manifests(), "--iid", "\(Self.vector)/rsa2048.der", "--at", "pending+6m", "--format", "json"])
        #expect(result.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["allowed"] as? Bool == false)
        #expect(json["at"] as? String == "2018-05-09T12:36:58Z")
        let document = try #require(json["document"] as? [String: Any])
        #expect(document["accountId"] as? String == "692406183521")
        let signature = try #require(json["signature"] as? [String: Any])
        #expect(signature["status"] as? String == "verified")
        #expect(signature["kind"] as? String == "rsa2048")
        let tokens = try #require(json["tokens"] as? [[String: Any]])
        #expect(tokens.compactMap { $0["name"] as? String } == ["***************f0123", "fleet-west", "other-account"])
        let fleet = try #require(tokens.first { $0["name"] as? String == "fleet-west" })
        let steps = try #require(fleet["steps"] as? [[String: Any]])
        #expect(steps.compactMap { $0["step"] as? String } == ["token", "expiry", "join_method", "role", "signature", "host_id", "ttl", "allow_rules", "describe_instances"])
        #expect(steps[6]["status"] as? String == "fail")
        #expect(fleet["rule"] is NSNull)
    }

    @Test func unsignedDocumentsAreEvaluatedAndSaidToBeUnsigned() throws {
        let result = try runTokenctl(["check", "-f", try manifests(), "--iid", "\(Self.vector)/doc.json", "--at", "pending+1m"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("signature  unsigned: plain JSON document: not signed, so not verified (Teleport itself requires the signed rsa2048 document)"))
        let required = try runTokenctl(["check", "-f", try manifests(), "--iid", "\(Self.vector)/doc.json", "--at", "pending+1m", "--require-signature"])
        #expect(required.status == 1)
    }

    @Test func tokenSelectionAndMissingTokens() throws {
        let only = try runTokenctl(["check", "-f", try manifests(), "--token", "other-account", "--iid", "\(Self.vector)/rsa2048.b64", "--at", "pending+1m"])
        #expect(only.status == 1)
        #expect(only.stdout.hasPrefix("DENIED: instance i-0a30e04d85e6f8793 did not match any allow rules in token other-account"))
        let missing = try runTokenctl(["check", "-f", try manifests(), "--token", "nope-token", "--iid", "\(Self.vector)/rsa2048.b64"])
        #expect(missing.status == 1)
        #expect(missing.stdout.hasPrefix("DENIED: token \"*******ken\" not found"))
    }

    @Test func inputErrorsExit2WithNothingOnStdout() throws {
        let garbage = directory.appendingPathComponent("garbage.txt").path
        try "hello, this is not an identity document".write(toFile: garbage, atomically: true, encoding: .utf8)
        let incomplete = directory.appendingPathComponent("incomplete.json").path
        try "{\"accountId\": \"1\", \"region\": \"us-west-2\"}".write(toFile: incomplete, atomically: true, encoding: .utf8)
        for path in [garbage, incomplete, "fixtures/iid/pkcs7-dsa_us-east-1_2016_go-pkcs7-libs/pkcs7.pem", "fixtures/iid/nope.json"] {
            let result = try runTokenctl(["check", "-f", try manifests(), "--iid", path])
            #expect(result.status == 2, "\(path): \(result.stderr)")
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.hasPrefix("tokenctl: "))
        }
        let dsa = try runTokenctl(["check", "-f", try manifests(), "--iid", "fixtures/iid/pkcs7-dsa_us-west-2_2018_taskcluster-iid-verify/pkcs7.b64"])
        #expect(dsa.stderr.contains("fetch /latest/dynamic/instance-identity/rsa2048 instead"))
    }

    @Test func aMissingDatabaseAndBadFlags() throws {
        let missing = try runTokenctl(["--db", db, "check", "--iid", "\(Self.vector)/rsa2048.b64"])
        #expect(missing.status == 3)
        #expect(missing.stderr == "tokenctl: no database at \(db)\n")
        for bad in [["--at", "yesterday"], ["--at", "pending+6x"], ["--role", "Nodes"], ["--format", "xml"]] {
            #expect(try runTokenctl(["check", "--iid", "\(Self.vector)/rsa2048.b64"] + bad).status == 64, "\(bad)")
        }
    }

    @Test func legacySignatureThroughTheCommandLine() throws {
        let vector = "fixtures/iid/signature_us-west-2_2018_taskcluster-iid-verify"
        let result = try runTokenctl(["check", "-f", try manifests(), "--iid", "\(vector)/doc.json", "--signature", "\(vector)/signature.b64", "--at", "pending+1m", "--format", "json"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("\"kind\": \"signature\""))
        let tampered = try runTokenctl(["check", "-f", try manifests(), "--iid", "\(vector)/doc.tampered.json", "--signature", "\(vector)/signature.b64", "--at", "pending+1m"])
        #expect(tampered.status == 1)
    }
}
