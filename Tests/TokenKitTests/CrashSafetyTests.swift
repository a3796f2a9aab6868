import Foundation
import Testing
@testable import TokenKit
@testable import TokenStore

/// SPEC §3: a process killed mid-create leaves all of its tokens or none,
/// and the database intact.
@Suite struct CrashSafetyTests {
    @Test func killedCreateLeavesAllOrNothing() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("tokens.db").path
        // A database that exists already, so the kill lands in the big transaction.
        let seed = try runTokenctl(["--db", db, "create", "fixtures/store/docs.yaml"])
        #expect(seed.status == 0)

        let count = 50_000
        var text = ""
        text.reserveCapacity(count * 200)
        for index in 0..<count {
            text += "---\nkind: token\nversion: v2\nmetadata: {name: crash-\(index), labels: {batch: b\(index % 7)}}\n"
            text += "spec: {roles: [Node], allow: [{aws_account: \"\(100_000_000_000 + index % 500)\", aws_regions: [us-east-1, eu-west-1]}]}\n"
        }
        let manifest = directory.appendingPathComponent("many.yaml")
        try text.write(to: manifest, atomically: true, encoding: .utf8)

        let process = try startTokenctl(["--db", db, "create", manifest.path])
        let wal = db + "-wal"
        var killedInside = false
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline {
            let size = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0
            if size > 1 << 20 {
                kill(process.processIdentifier, SIGKILL)
                killedInside = true
                break
            }
            usleep(2_000)
        }
        process.waitUntilExit()
        #expect(killedInside, "create finished before its WAL grew; the kill did not land mid-write")

        let store = try SQLiteTokenStore.open(path: db, mode: .readOnly)
        #expect(try store.integrityCheck() == "ok")
        let names = try store.names()
        let stored = names.filter { $0.hasPrefix("crash-") }.count
        #expect(stored == 0 || stored == count, "\(stored) of \(count) tokens stored")
        #expect(names.contains("ec2-token"))
    }
}
