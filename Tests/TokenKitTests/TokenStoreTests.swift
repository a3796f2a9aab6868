import Foundation
import Testing
@testable import TokenKit

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
}
