import Foundation
import GRDB
import Testing

/// Issue 9: only tokenctl's own databases are ever written, and commands
/// that only read never write at all (SPEC §3).
@Suite struct DatabaseOwnershipTests {
    let directory: URL

    init() throws {
        directory = try TestPaths.temporaryDirectory()
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Every command, readers and writers, against one database path.
    static let commands: [[String]] = [
        ["list"], ["list", "--format", "names"], ["get"], ["get", "ec2-token"], ["rm", "ec2-token"],
        ["check", "--iid", "fixtures/iid/rsa2048_us-west-2_2018_taskcluster-iid-verify/rsa2048.b64"],
        ["create", "fixtures/store/docs.yaml"], ["create", "--force", "fixtures/store/docs.yaml"],
    ]

    /// An SQLite database of another application, in WAL mode or not.
    func foreignDatabase(_ name: String, setUp: String) throws -> String {
        let file = path(name)
        let queue = try DatabaseQueue(path: file)
        try queue.write { try $0.execute(sql: setUp) }
        try queue.close()
        return file
    }

    static let foreignSchemas: [(name: String, sql: String, message: String)] = [
        ("app.db", "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users VALUES (1, 'ada');",
         "tables tokenctl does not own (\"users\")"),
        // tokenctl's table names, but no record of its migrations: made or changed outside tokenctl.
        ("dropped.db", "CREATE TABLE token (name TEXT PRIMARY KEY); CREATE TABLE allow_rule (aws_account TEXT);",
         "no record of tokenctl's schema migrations"),
        ("mixed.db", "CREATE TABLE token (name TEXT PRIMARY KEY); CREATE TABLE sessions (id TEXT);",
         "tables tokenctl does not own (\"sessions\")"),
    ]

    @Test(arguments: 0..<foreignSchemas.count)
    func anotherApplicationsDatabaseIsRefusedByEveryCommandAndLeftUnchanged(_ index: Int) throws {
        let schema = Self.foreignSchemas[index]
        let file = try foreignDatabase(schema.name, setUp: schema.sql)
        let before = try Data(contentsOf: URL(fileURLWithPath: file))
        for command in Self.commands {
            // A long busy timeout: a command that tried to migrate would wait it out, not fail at once.
            let result = try runTokenctl(["--db", file] + command, environment: ["TOKENCTL_BUSY_TIMEOUT_MS": "60000"])
            #expect(result.status == 3, "\(command): \(result.stderr)")
            #expect(result.stderr.contains(schema.message), "\(command): \(result.stderr)")
            #expect(result.stderr.contains("left unchanged"), "\(command): \(result.stderr)")
            #expect(result.seconds < 30, "\(command) waited for a lock it should never have asked for")
            #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == before, "\(command) changed \(schema.name)")
        }
        #expect(!FileManager.default.fileExists(atPath: file + "-wal"))
    }

    @Test func anEmptyFileIsANewDatabaseOnlyForCommandsThatWrite() throws {
        let file = path("empty.db")
        FileManager.default.createFile(atPath: file, contents: Data())
        for command in Self.commands where command[0] != "create" {
            let result = try runTokenctl(["--db", file] + command)
            #expect(result.status == 3, "\(command)")
            #expect(result.stderr == "tokenctl: no database at \(file) (the file is empty)\n", "\(command): \(result.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: file)).isEmpty, "\(command) wrote into the empty file")
        }
        #expect(!FileManager.default.fileExists(atPath: file + "-wal"))
        let created = try runTokenctl(["--db", file, "create", "fixtures/store/docs.yaml"])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(try runTokenctl(["--db", file, "list", "--format", "names"]).stdout == "ec2-multiaccount-token\nec2-token\n")
    }

    @Test func aFileThatIsNotSQLiteIsNeverOpenedBySQLite() throws {
        let file = path("notes.db")
        let text = Data("these are not tokens\n".utf8)
        try text.write(to: URL(fileURLWithPath: file))
        for command in Self.commands {
            let result = try runTokenctl(["--db", file] + command)
            #expect(result.status == 3)
            #expect(result.stderr.contains("is not a tokenctl database: it is not an SQLite file at all"), "\(result.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == text)
    }

    @Test func pathsThatAreNotFilesSayWhatTheyAre() throws {
        let dangling = path("dangling.db")
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: path("nowhere/tokens.db"))
        let cases: [(String, String)] = [
            (directory.path, "is a directory, not a database file"),
            (dangling, "is a symbolic link to a file that does not exist, not a database file"),
            ("/dev/null", "is a character device, not a database file"),
        ]
        for (target, message) in cases {
            for command in [["list"], ["create", "fixtures/store/docs.yaml"]] {
                let result = try runTokenctl(["--db", target] + command)
                #expect(result.status == 3)
                #expect(result.stderr.contains(message), "\(target) \(command): \(result.stderr)")
                #expect(!result.stderr.contains("disk I/O error"))
            }
        }
        #expect(!FileManager.default.fileExists(atPath: path("nowhere")))
    }

    @Test func readersDoNotChangeTheDatabaseFile() throws {
        let file = path("tokens.db")
        #expect(try runTokenctl(["--db", file, "create", "fixtures/store/docs.yaml"]).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: file))
        for command in Self.commands where command[0] != "create" && command[0] != "rm" {
            _ = try runTokenctl(["--db", file] + command)
            #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == before, "\(command) changed the database file")
        }
    }

    @Test func aDatabaseOthersCanReadGetsAWarning() throws {
        let file = path("shared.db")
        #expect(try runTokenctl(["--db", file, "create", "fixtures/store/docs.yaml"]).status == 0)
        #expect(try runTokenctl(["--db", file, "list"]).stderr.isEmpty)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        let result = try runTokenctl(["--db", file, "list", "--format", "names"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("can be read by other users, and its tokens are secrets; consider chmod 600"), "\(result.stderr)")
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        #expect(mode == 0o644, "the warning must not change the mode silently")
    }

    /// A database of the first schema (v1): readers leave it alone and say how to upgrade; the
    /// first write migrates it (the candidate columns filled from the stored tokens).
    @Test func anEarlierSchemaIsUpgradedByTheFirstWriteOnly() throws {
        let file = path("v1.db")
        let queue = try DatabaseQueue(path: file)
        try queue.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                    INSERT INTO grdb_migrations VALUES ('v1: tokens, allow rules, labels');
                    CREATE TABLE token (name TEXT NOT NULL PRIMARY KEY, join_method TEXT NOT NULL, roles TEXT NOT NULL,
                        labels TEXT NOT NULL, expires INTEGER, rule_accounts TEXT NOT NULL, resource TEXT NOT NULL,
                        revision INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL) WITHOUT ROWID;
                    CREATE INDEX token_name_and_method ON token(name, join_method);
                    CREATE TABLE allow_rule (aws_account TEXT NOT NULL, token_name TEXT NOT NULL, position INTEGER NOT NULL,
                        aws_regions TEXT NOT NULL, aws_role TEXT NOT NULL, aws_arn TEXT NOT NULL, aws_organization_id TEXT NOT NULL,
                        PRIMARY KEY (aws_account, token_name, position)) WITHOUT ROWID;
                    INSERT INTO token VALUES ('old-west', 'ec2', 'Node', '{}', NULL, '["692406183521"]',
                        '{"kind":"token","version":"v2","metadata":{"name":"old-west"},"spec":{"roles":["Node"],"join_method":"ec2","aws_iid_ttl":"5m0s","allow":[{"aws_account":"692406183521","aws_regions":["us-west-2"]}]}}',
                        1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
                    INSERT INTO allow_rule VALUES ('692406183521', 'old-west', 1, 'us-west-2', '', '', '');
                    """)
        }
        try queue.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: file))
        let check = ["check", "--iid", "fixtures/iid/rsa2048_us-west-2_2018_taskcluster-iid-verify/rsa2048.b64", "--at", "pending+1m"]
        for command in [["list"], check] {
            let result = try runTokenctl(["--db", file] + command)
            #expect(result.status == 3)
            #expect(result.stderr.contains("was written by an earlier tokenctl"), "\(result.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == before)
        #expect(try runTokenctl(["--db", file, "create", "fixtures/store/docs.yaml"]).status == 0)
        #expect(try runTokenctl(["--db", file, "list", "--format", "names"]).stdout == "ec2-multiaccount-token\nec2-token\nold-west\n")
        let allowed = try runTokenctl(["--db", file] + check)
        #expect(allowed.status == 0, "\(allowed.stdout)\(allowed.stderr)")
        #expect(allowed.stdout.hasPrefix("ALLOWED by token \"old-west\" (allow rule 1)"))
    }

    /// A malformed environment variable is a usage error naming it, never a trap or a silent default.
    @Test(arguments: ["2147483648", "-1", "abc", "5s", "99999999999999999999"])
    func malformedBusyTimeoutIsAUsageError(_ value: String) throws {
        let file = path("tokens.db")
        let result = try runTokenctl(["--db", file, "list"], environment: ["TOKENCTL_BUSY_TIMEOUT_MS": value])
        #expect(result.status == 64, "\(value): \(result.stderr)")
        #expect(result.stderr.contains("TOKENCTL_BUSY_TIMEOUT_MS=\(value) is not a whole number of milliseconds"), "\(result.stderr)")
    }

    /// As another user, in a directory that user may not write to: the readers work.
    @Test(.enabled(if: runningAsRoot, "skipped: needs root to run tokenctl as another user"))
    func readersWorkInADirectoryTheyCannotWrite() throws {
        let data = directory.appendingPathComponent("readonly")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let file = data.appendingPathComponent("tokens.db").path
        #expect(try runTokenctl(["--db", file, "create", "fixtures/store/docs.yaml"]).status == 0)
        let binary = try copyOfBinaryOthersCanRun()
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: data.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        let before = try FileManager.default.contentsOfDirectory(atPath: data.path).sorted()
        for command in [["list", "--format", "names"], ["get", "ec2-token"]] {
            let result = try runAsNobody(binary, ["--db", file] + command)
            #expect(result.status == 0, "\(command): \(result.stderr)")
            #expect(result.stdout.contains("ec2-token"))
        }
        let check = try runAsNobody(
            binary, ["--db", file, "check", "--iid", TestPaths.fixtures.path + "/iid/rsa2048_us-west-2_2018_taskcluster-iid-verify/rsa2048.b64"])
        #expect(check.status == 1, "\(check.stderr)")
        #expect(check.stdout.hasPrefix("DENIED"), "\(check.stdout)")
        let written = try runAsNobody(binary, ["--db", file, "rm", "ec2-token"])
        #expect(written.status == 3)
        #expect(try FileManager.default.contentsOfDirectory(atPath: data.path).sorted() == before)
    }
}

/// Runs a command as user nobody (65534) through util-linux's setpriv.
func runAsNobody(_ binary: String, _ arguments: [String]) throws -> CommandResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
    process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", binary] + arguments
    process.environment = ["NO_COLOR": "1", "TOKENCTL_NOW": goldenNow, "HOME": "/nonexistent"]
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let started = Date()
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandResult(
        status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
        stderr: String(decoding: stderr, as: UTF8.self), seconds: Date().timeIntervalSince(started))
}

/// The binary copied where another user can run it (the build folder may not be reachable).
func copyOfBinaryOthersCanRun() throws -> String {
    let target = FileManager.default.temporaryDirectory.appendingPathComponent("tokenctl-\(UUID().uuidString)")
    try FileManager.default.copyItem(at: TestPaths.binary, to: target)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: target.path)
    return target.path
}
