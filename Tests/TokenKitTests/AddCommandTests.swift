import Foundation
import Testing
@testable import TokenKit

/// SPEC §8: `tokenctl add` mints a secret token as `tctl tokens add` does.
@Suite struct AddCommandTests {
    @Test(arguments: StoreEngine.tested)
    func mintsStoresAndMasks(_ engine: StoreEngine) throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = try engine.newStore(in: directory)
        let added = try runTokenctl(["--db", db, "add", "--type", "node,App", "--ttl", "1h", "--labels", "env=prod", "--format", "json"])
        #expect(added.status == 0, "\(added.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(added.stdout.utf8)) as? [String: Any])
        let secret = try #require(object["token"] as? String)
        #expect(secret.count == 32 && secret.allSatisfy(\.isHexDigit) && secret == secret.lowercased())
        #expect(object["roles"] as? [String] == ["Node", "App"])
        let expires = try #require(Timestamp.parseRFC3339(object["expires"] as? String ?? ""))
        // The tests run tokenctl at a fixed now.
        #expect(expires == Timestamp.parseRFC3339(goldenNow)?.adding(.minutes(60)))
        // Masked everywhere afterwards; shown again only with --with-secrets.
        for arguments in [["list"], ["list", "--format", "json"], ["get"]] {
            let shown = try runTokenctl(["--db", db] + arguments)
            #expect(!shown.stdout.contains(secret) && !shown.stderr.contains(secret))
            #expect(shown.stdout.contains(String(secret.suffix(8))))
        }
        let revealed = try runTokenctl(["--db", db, "get", "--with-secrets", secret])
        #expect(revealed.stdout.contains("name: \(secret)") && revealed.stdout.contains("join_method: token"))
        #expect(revealed.stdout.contains("env: prod"))
    }

    @Test func textShowsTheJoinParamsOnce() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("t.db").path
        let added = try runTokenctl(["--db", db, "add", "--type", "db", "--value", "chosen-secret-value-42"])
        #expect(added.status == 0)
        #expect(added.stdout.contains("The invite token: chosen-secret-value-42"))
        #expect(added.stdout.contains("token_name: chosen-secret-value-42"))
        #expect(added.stdout.contains("It expires in 30m0s"))
        let again = try runTokenctl(["--db", db, "add", "--type", "db", "--value", "chosen-secret-value-42"])
        #expect(again.status == 1)
        #expect(!again.stderr.contains("chosen-secret-value-42"))
    }

    @Test(arguments: [
        (["--type", "bogus"], "role bogus is not registered"), (["--type", "node,Node"], "duplicate role"),
        (["--type", "bot"], "bot_name"), (["--type", "node", "--ttl", "1d"], "--ttl"), (["--type", "node", "--ttl=-5m"], "positive"),
        (["--type", "node", "--value", "************************6d931ac8"], "masked"), (["--type", "node", "--labels", "env"], "k=v"),
    ])
    func refusesBadArguments(_ arguments: [String], _ expected: String) throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("t.db").path
        let result = try runTokenctl(["--db", db, "add"] + arguments)
        #expect(result.status == 64)
        #expect(result.stderr.contains(expected), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: db))
    }

    @Test func randomNamesAreHexAndDistinct() {
        var seen: Set<String> = []
        for _ in 0..<1000 { seen.insert(InviteToken.randomName()) }
        #expect(seen.count == 1000)
        #expect(seen.allSatisfy { $0.count == 32 && $0.allSatisfy(\.isHexDigit) })
    }
}
