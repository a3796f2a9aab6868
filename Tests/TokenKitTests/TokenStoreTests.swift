import Foundation
import Testing
@testable import TokenKit
@testable import TokenStore

/// The store's account index follows updates and deletes.
@Suite struct TokenStoreTests {
    static func token(account: String, labels: [String: String] = [:]) -> ProvisionToken {
        ProvisionToken(
            name: "moving-token", labels: labels, roles: [SystemRole("Node")!], joinMethod: .ec2,
            awsIIDTTL: ProvisionToken.defaultEC2IIDTTL,
            allow: [AllowRule(awsAccount: account, awsRegions: ["us-east-1"]), AllowRule(awsAccount: account)])
    }

    @Test func theAccountIndexFollowsUpdatesAndDeletes() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteTokenStore.open(path: directory.appendingPathComponent("t.db").path, mode: .createIfMissing)
        let now = Timestamp(seconds: 0)
        _ = try store.save([Self.token(account: "111111111111", labels: ["team": "a"])], force: false, dryRun: false, now: now)
        #expect(try store.ec2Candidates(account: "111111111111").map(\.name) == ["moving-token"])
        #expect(try store.names(matching: TokenFilter(labels: [("team", "a")])).map(\.name) == ["moving-token"])

        let actions = try store.save([Self.token(account: "222222222222", labels: ["team": "b"])], force: true, dryRun: false, now: now)
        #expect(actions.map(\.action) == [.updated])
        #expect(try store.ec2Candidates(account: "111111111111").isEmpty)
        #expect(try store.ec2Candidates(account: "222222222222").map(\.name) == ["moving-token"])
        #expect(try store.names(matching: TokenFilter(labels: [("team", "a")])).isEmpty)
        #expect(try store.summaries().first?.labels.map { "\($0.key)=\($0.value)" } == ["team=b"])

        let removed = try store.remove(["moving-token"])
        #expect(removed.removed == ["moving-token"])
        #expect(try store.ec2Candidates(account: "222222222222").isEmpty)
        #expect(try store.integrityCheck() == "ok")
    }

    /// The candidates of an account are two sorted runs of rule rows (the
    /// account's, any account's) merged row by row: every token with a rule
    /// for either comes once, in byte-wise name order, with those rules in
    /// their own places and the others standing in as rules that match no account.
    @Test func candidatesMergeTheAccountsRulesAndTheAnyAccountRulesInPlace() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteTokenStore.open(path: directory.appendingPathComponent("t.db").path, mode: .createIfMissing)
        let account = "111111111111"
        let other = "222222222222"
        func token(_ name: String, _ rules: [AllowRule], ttl: GoDuration = ProvisionToken.defaultEC2IIDTTL) -> ProvisionToken {
            ProvisionToken(name: name, roles: [SystemRole("Node")!], joinMethod: .ec2, awsIIDTTL: ttl, allow: rules)
        }
        let role = "arn:aws:iam::333333333333:role/reader"
        let tokens = [
            token("b", [AllowRule(awsAccount: other), AllowRule(awsRegions: ["us-east-1", "eu-west-1"], awsRole: role), AllowRule(awsAccount: account)]),
            token("a-b", [AllowRule(awsAccount: account, awsRegions: ["us-west-2"])]),
            token("a", [AllowRule(awsRegions: ["us-west-2"], awsRole: role), AllowRule(awsAccount: other), AllowRule(awsAccount: account)]),
            token("B", [AllowRule(awsAccount: other)]),
            token("c", [AllowRule(awsAccount: account), AllowRule(awsRegions: ["us-east-1"], awsRole: role), AllowRule(awsAccount: account)], ttl: .minutes(9)),
            token("Z", [AllowRule(awsRegions: [], awsRole: role)]),
        ]
        _ = try store.save(tokens, force: false, dryRun: false, now: Timestamp(seconds: 0))
        let expected = tokens.filter { $0.allow.contains { [account, ""].contains($0.awsAccount) } }
            .sorted { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
            .map { token in
                var kept = token
                kept.allow = token.allow.map { [account, ""].contains($0.awsAccount) ? $0 : .matchingNoAccount }
                while kept.allow.last == .matchingNoAccount { kept.allow.removeLast() }
                return kept
            }
        let found = try store.ec2Candidates(account: account)
        #expect(found.map(\.name) == ["Z", "a", "a-b", "b", "c"])
        #expect(found.map(\.allow) == expected.map(\.allow))
        #expect(found.map(\.awsIIDTTL) == expected.map(\.awsIIDTTL))
        // Without an account, only the rules for any account are read.
        #expect(try store.ec2Candidates(account: "").map(\.name) == ["Z", "a", "b", "c"])
    }

    /// Given the document's region, the store leaves out the rules that list
    /// only other regions; what `check` reports must not change for that:
    /// every checklist, verdict and rule number as from every rule.
    @Test(arguments: ["us-west-2", "us-west-20", "eu-west-1", "K\u{212A}-west"])
    func rulesLeftOutForOtherRegionsChangeNoReport(region: String) throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteTokenStore.open(path: directory.appendingPathComponent("t.db").path, mode: .createIfMissing)
        let account = "111111111111"
        let role = "arn:aws:iam::333333333333:role/reader"
        func token(_ name: String, _ rules: [AllowRule], ttl: GoDuration = ProvisionToken.defaultEC2IIDTTL, expires: Int64? = nil)
            -> ProvisionToken
        {
            ProvisionToken(
                name: name, expires: expires.map { Timestamp(seconds: $0) }, roles: [SystemRole("Node")!], joinMethod: .ec2,
                awsIIDTTL: ttl, allow: rules)
        }
        let tokens = [
            token("only-other-regions", [AllowRule(awsRegions: ["eu-west-1", "us-east-1"], awsRole: role)]),
            token("second-rule-matches", [AllowRule(awsRegions: ["us-east-1"]), AllowRule(awsAccount: account, awsRegions: ["us-west-2"], awsRole: role)]),
            token("any-region", [AllowRule(awsAccount: account)]),
            token("prefix-region", [AllowRule(awsRegions: ["us-west-20"])]),
            token("kelvin-region", [AllowRule(awsRegions: ["\u{212A}\u{212A}-west", "K\u{212A}-west"])]),
            token("expired-other-region", [AllowRule(awsRegions: ["ap-south-1"])], expires: 1),
            token("short-ttl", [AllowRule(awsAccount: account, awsRegions: ["eu-west-1"])], ttl: .seconds(1)),
        ]
        _ = try store.save(tokens, force: false, dryRun: false, now: Timestamp(seconds: 0))
        let evidence = EvaluationTests.evidence(account: account, region: region)
        let evaluator = JoinEvaluator(request: JoinRequest(at: EvaluationTests.pending.adding(.minutes(1))))
        let every = evaluator.evaluate(evidence, candidates: try store.ec2Candidates(account: account))
        let screened = evaluator.evaluate(evidence, candidates: try store.ec2Candidates(account: account, region: region))
        let rendering = CheckRendering(redactor: .none)
        #expect(rendering.text(screened, all: true) == rendering.text(every, all: true))
        #expect(rendering.json(screened) == rendering.json(every))
        #expect(screened.verdict == every.verdict)
    }
}
