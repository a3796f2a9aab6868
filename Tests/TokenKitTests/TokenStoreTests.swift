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
}
