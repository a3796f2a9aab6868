import Foundation
import Testing
@testable import TokenKit

/// Issue 10: `check` at fleet scale answers on one screen — the deciding
/// token's checklist and one summary line per distinct outcome of the other
/// candidates — with every candidate in JSON and `--all`.
@Suite struct CheckSummaryTests {
    let directory: URL
    var db: String { directory.appendingPathComponent("tokens.db").path }
    static let vector = "fixtures/iid/rsa2048_us-west-2_2018_taskcluster-iid-verify"

    init() throws {
        directory = try TestPaths.temporaryDirectory()
    }

    /// 30 role-only tokens for other regions, 5 with a TTL too short, 2 that allow, 1 iam token.
    func fleet() throws -> String {
        var documents: [String] = []
        for index in 0..<30 {
            documents.append(
                "kind: token\nversion: v2\nmetadata: {name: east-\(index)}\nspec: {roles: [Node], allow: [{aws_regions: [us-east-1], aws_role: \"arn:aws:iam::111111111111:role/r\"}]}\n")
        }
        for index in 0..<5 {
            documents.append(
                "kind: token\nversion: v2\nmetadata: {name: short-\(index)}\nspec: {roles: [Node], aws_iid_ttl: 1m, allow: [{aws_account: \"692406183521\"}]}\n")
        }
        for name in ["west-a", "west-b"] {
            documents.append(
                "kind: token\nversion: v2\nmetadata: {name: \(name)}\nspec: {roles: [Node], allow: [{aws_account: \"692406183521\", aws_regions: [us-west-2]}]}\n")
        }
        documents.append("kind: token\nversion: v2\nmetadata: {name: iam-one}\nspec: {roles: [Node], join_method: iam, allow: [{aws_account: \"692406183521\"}]}\n")
        let path = directory.appendingPathComponent("fleet.yaml").path
        try documents.joined(separator: "---\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func textShowsTheDecidingChecklistAndOneLinePerReason() throws {
        #expect(try runTokenctl(["--db", db, "create", try fleet()]).status == 0)
        let result = try runTokenctl(["--db", db, "check", "--iid", "\(Self.vector)/rsa2048.b64", "--at", "pending+4m"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "ALLOWED by token \"west-a\" (allow rule 1)")
        #expect(lines.count { $0.hasPrefix("token \"") } == 1, "only the deciding token's checklist")
        #expect(lines.contains("token \"west-a\": allowed"))
        let summary = Array(lines.suffix(4).prefix(3))
        #expect(
            summary == [
                "30 other candidates denied at allow_rules: no rule matches account 692406183521 in us-west-2",
                "5 other candidates denied at ttl: Instance Identity Document with PendingTime 2018-05-09T12:30:58Z is older than configured TTL of 1m0s (4m0s had passed)",
                "1 other candidate would also allow",
            ], "\(result.stdout)")
        #expect(lines.count <= 40)
    }

    @Test func allPrintsEveryChecklistAndJSONMarksTheDecidingToken() throws {
        #expect(try runTokenctl(["--db", db, "create", try fleet()]).status == 0)
        let arguments = ["--db", db, "check", "--iid", "\(Self.vector)/rsa2048.b64", "--at", "pending+4m"]
        let all = try runTokenctl(arguments + ["--all"]).stdout
        #expect(all.split(separator: "\n").count { $0.hasPrefix("token \"") } == 37)
        #expect(!all.contains("other candidates"))
        let json = try runTokenctl(arguments + ["--format", "json"]).stdout
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let tokens = try #require(object["tokens"] as? [[String: Any]])
        #expect(tokens.count == 37)
        let decisive = tokens.filter { $0["decisive"] as? Bool == true }
        #expect(decisive.count == 1)
        #expect(decisive.first?["name"] as? String == "west-a")
    }

    /// The JSON renderer spells each step's opening from a table indexed by
    /// name and status: every pair, and words with quotes, come back as data.
    @Test func everyStepNameAndStatusRendersAsData() throws {
        #expect(EvaluationStep.Name.allCases.map(\.ordinal) == Array(0..<EvaluationStep.Name.count))
        let statuses: [EvaluationStep.Status] = [.pass, .fail, .skip]
        let steps = EvaluationStep.Name.allCases.flatMap { name in
            statuses.map { EvaluationStep(name: name, status: $0, detail: "\(name.rawValue) \"\($0.rawValue)\"\n") }
        }
        let tokens = [
            TokenEvaluation(displayName: "every-step", steps: steps, rule: 2, sortKey: "every-step"),
            TokenEvaluation(displayName: "none", steps: [], rule: nil, sortKey: "none"),
        ]
        let report = CheckReport(evidence: nil, at: Timestamp(seconds: 0), tokens: tokens, node: nil, inputNames: .plain)
        let json = CheckRendering(redactor: .none).json(report)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let rendered = try #require(object["tokens"] as? [[String: Any]])
        #expect(rendered.count == 2)
        #expect(rendered[0]["rule"] as? Int == 2 && rendered[1]["rule"] is NSNull)
        let renderedSteps = try #require(rendered[0]["steps"] as? [[String: String]])
        #expect(renderedSteps.map { $0["step"] ?? "" } == steps.map(\.name.rawValue))
        #expect(renderedSteps.map { $0["status"] ?? "" } == steps.map(\.status.rawValue))
        #expect(renderedSteps.map { $0["detail"] ?? "" } == steps.map(\.detail))
        #expect((rendered[1]["steps"] as? [Any])?.isEmpty == true)
    }

    @Test func aDenialIsDecidedByTheCandidateThatGotFurthest() throws {
        #expect(try runTokenctl(["--db", db, "create", try fleet()]).status == 0)
        let result = try runTokenctl(["--db", db, "check", "--iid", "\(Self.vector)/rsa2048.b64", "--at", "pending+30m"])
        #expect(result.status == 1)
        // Every candidate fails at the same step (ttl): the first by name decides, and the
        // others are summarised by their reason (the two TTLs make two lines).
        #expect(result.stdout.hasPrefix("DENIED: Instance Identity Document with PendingTime"), "\(result.stdout)")
        #expect(result.stdout.contains("token \"east-0\": denied"))
        #expect(result.stdout.contains("\n31 other candidates denied at ttl: Instance Identity Document with PendingTime 2018-05-09T12:30:58Z is older than configured TTL of 5m0s"), "\(result.stdout)")
        #expect(result.stdout.hasSuffix("\n5 other candidates denied at ttl: Instance Identity Document with PendingTime 2018-05-09T12:30:58Z is older than configured TTL of 1m0s (30m0s had passed)\n"))
        // With the TTL met, the role-only tokens fail later (allow_rules) than none: the allowed one decides.
        let later = try runTokenctl(["--db", db, "check", "--iid", "\(Self.vector)/rsa2048.b64", "--at", "pending+4m", "--token", "east-3"])
        #expect(later.stdout.hasPrefix("DENIED: instance i-0a30e04d85e6f8793 did not match any allow rules in token east-3"), "\(later.stdout)")
    }

    /// Store candidates are built from the query columns; their verdicts are those of the manifests.
    static let scenarios: [(name: String, manifest: String, at: String, role: String?)] = [
        ("allowed by the second rule", "{aws_account: \"692406183521\", aws_regions: [us-east-1]}, {aws_account: \"692406183521\", aws_regions: [us-west-2], aws_role: \"arn:aws:iam::692406183521:role/d\"}", "pending+4m", nil),
        ("role-only rule", "{aws_regions: [us-west-2], aws_role: \"arn:aws:iam::692406183521:role/d\"}", "pending+1m", "Node"),
        ("no region matches", "{aws_account: \"692406183521\", aws_regions: [eu-west-1, us-west-1]}", "pending+1m", nil),
        ("too late", "{aws_account: \"692406183521\"}", "pending+6m", nil),
        ("in the future", "{aws_account: \"692406183521\"}", "pending-2m", nil),
        ("role not granted", "{aws_account: \"692406183521\"}", "pending+1m", "App"),
        ("role refused by ec2", "{aws_account: \"692406183521\"}", "pending+1m", "Bot"),
    ]

    @Test(arguments: 0..<scenarios.count)
    func theStoreAndManifestsGiveTheSameVerdict(_ index: Int) throws {
        let scenario = Self.scenarios[index]
        let manifest = directory.appendingPathComponent("scenario.yaml").path
        try """
            kind: token
            version: v2
            metadata: {name: scenario-token, expires: "2030-01-01T00:00:00Z", description: "\(scenario.name)"}
            spec: {roles: [Node, Kube], aws_iid_ttl: 5m, allow: [\(scenario.manifest)]}
            """.write(toFile: manifest, atomically: true, encoding: .utf8)
        #expect(try runTokenctl(["--db", db, "create", manifest]).status == 0)
        var arguments = ["check", "--iid", "\(Self.vector)/rsa2048.b64", "--at", scenario.at]
        if let role = scenario.role { arguments += ["--role", role] }
        for format in ["text", "json"] {
            let fromStore = try runTokenctl(["--db", db] + arguments + ["--format", format])
            let fromManifest = try runTokenctl(arguments + ["-f", manifest, "--format", format])
            #expect(fromStore.status == fromManifest.status, "\(scenario.name)")
            #expect(fromStore.stdout == fromManifest.stdout, "\(scenario.name) (\(format))")
        }
    }

    @Test func summaryLinesCountWithThousandsSeparators() {
        let outcome = CandidateOutcome(key: .denied(step: .allowRules, reason: "no rule for us-west-2"), count: 3268)
        #expect(outcome.summary == "3,268 other candidates denied at allow_rules: no rule for us-west-2")
        #expect(CandidateOutcome(key: .allowed, count: 1).summary == "1 other candidate would also allow")
        #expect(1_234_567.formattedWithSeparators == "1,234,567")
        #expect(999.formattedWithSeparators == "999")
    }

    static let joinTimes: [(text: String, resolved: String?)] = [
        ("pending+6m", "2018-05-09T12:36:58Z"), ("pending-6m", "2018-05-09T12:24:58Z"), ("pending+1h30m", "2018-05-09T14:00:58Z"),
        ("pending+0", "2018-05-09T12:30:58Z"), ("pending-1.5h", "2018-05-09T11:00:58Z"), ("pending+300ms", "2018-05-09T12:30:58.3Z"),
        ("2030-01-01T00:00:00Z", "2030-01-01T00:00:00Z"), ("2030-01-01T01:00:00+01:00", "2030-01-01T00:00:00Z"),
        ("pending+", nil), ("pending-", nil), ("pending+6", nil), ("pending+1d", nil), ("pending+-5m", nil), ("pending--5m", nil),
        ("pending", nil), ("now", nil), ("2030-01-01", nil), ("", nil),
    ]

    @Test(arguments: 0..<joinTimes.count)
    func joinTimesParseAsCheckAtAndCaseFilesTakeThem(_ index: Int) throws {
        let (text, resolved) = Self.joinTimes[index]
        let pending = try #require(Timestamp.parseRFC3339("2018-05-09T12:30:58Z"))
        do {
            let time = try JoinTime(parsing: text)
            #expect(time.resolve(pendingTime: pending).description == resolved, "\(text)")
        } catch {
            #expect(resolved == nil, "\(text): \(error.message)")
            #expect(error.message.contains(quoted(text)), "\(error.message)")
        }
    }
}
