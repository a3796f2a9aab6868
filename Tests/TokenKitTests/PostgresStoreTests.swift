import Foundation
import Testing
@testable import TokenKit
@testable import TokenStore

#if canImport(Glibc)
import Glibc
#endif

/// SPEC §3.1: a PostgreSQL store behaves as the SQLite file does, command for
/// command, against a real server the tests start themselves.
@Suite(.serialized) struct PostgresStoreTests {
    static let manifests = [
        "fixtures/store/docs.yaml", "fixtures/lint/methods/iam.pass.yaml", "fixtures/lint/methods/github.pass.yaml",
        "fixtures/lint/methods/bound_keypair.pass.yaml", "fixtures/lint/methods/kubernetes.pass.yaml",
    ]

    static let secretManifest = """
        kind: token
        version: v2
        metadata:
          name: 3f9a1c7e5b2d8046a1e9c3b7d5f20486
          labels: {env: prod, team: platform}
          expires: "2030-01-01T00:00:00Z"
        spec:
          roles: [Node, App]
          join_method: token
        ---
        kind: token
        version: v2
        metadata:
          name: ec2-account-token
          labels: {env: prod}
        spec:
          roles: [Node]
          allow:
          - aws_account: "692406183521"
            aws_regions: [us-west-2]
          - aws_role: "arn:aws:iam::692406183521:role/teleport-DescribeInstances-role"

        ---
        kind: token
        version: v2
        metadata:
          name: ec2-account
          expires: "2030-01-01T00:00:00Z"
        spec:
          roles: [Node]
          join_method: token
        ---
        kind: token
        version: v2
        metadata:
          name: zz-last-secret-token
          labels: {env: prod}
          expires: "2030-01-01T00:00:00Z"
        spec:
          roles: [Node]
          join_method: token
        """

    /// The same commands against both engines print the same, byte for byte (the location aside).
    @Test func sameOutputsAsSQLite() throws {
        let server = try PostgresServer.require()
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let secrets = directory.appendingPathComponent("secret.yaml")
        try Self.secretManifest.write(to: secrets, atomically: true, encoding: .utf8)
        let vector = "fixtures/iid/rsa2048_us-west-2_2018_taskcluster-iid-verify/rsa2048.b64"
        let script: [[String]] = [
            ["list"],
            ["create"] + Self.manifests + [secrets.path],
            ["create", "fixtures/store/docs.yaml"],
            ["create", "--force", "--dry-run", "fixtures/store/docs.yaml"],
            ["create", "--force"] + Self.manifests,
            ["list"], ["list", "--format", "json"], ["list", "--format", "yaml"], ["list", "--format", "names"],
            ["list", "--join-method", "ec2"], ["list", "--role", "App"], ["list", "--label", "env=prod"],
            // Names and secret flags come from two index scans merged: a secret that is a prefix of another name, filters.
            ["list", "--format", "names", "--join-method", "token"], ["list", "--format", "names", "--label", "env=prod"],
            ["list", "--label", "env=prod", "--label", "team=platform", "--format", "json"],
            ["get", "ec2-token", "iam-org", "bot-keypair", "no-such-token"], ["get", "--with-secrets", "--format", "json"],
            ["get", "3f9a1c7e5b2d8046a1e9c3b7d5f20486"],
            ["check", "--iid", vector, "--at", "pending+1m"], ["check", "--iid", vector, "--at", "pending+1m", "--format", "json"],
            ["check", "--iid", vector, "--at", "pending+10m", "--all"],
            ["check", "--caller-arn", "arn:aws:sts::123456789012:assumed-role/ci-runner/build-7"],
            ["check", "--caller-arn", "arn:aws:sts::123456789012:assumed-role/ci-runner/build-7", "--token", "iam-org"],
            ["policy"],
            ["rm", "ec2-token", "ec2-token", "no-such-token"],
            ["list", "--format", "names"],
        ]
        let sqlite = directory.appendingPathComponent("tokens.db").path
        let uri = server.uri(database: try server.newDatabase())
        let display = uri.replacingOccurrences(of: ":\(server.password)@", with: "@")
        for arguments in script {
            let onFile = try runTokenctl(["--db", sqlite] + arguments)
            let onServer = try runTokenctl(["--db", uri] + arguments)
            #expect(onServer.status == onFile.status, "\(arguments): exit \(onServer.status) vs \(onFile.status): \(onServer.stderr)")
            #expect(onServer.stdout == onFile.stdout, "\(arguments): stdout differs")
            #expect(
                onServer.stderr.replacingOccurrences(of: display, with: "DB") == onFile.stderr.replacingOccurrences(of: sqlite, with: "DB"),
                "\(arguments): stderr differs: \(onServer.stderr) vs \(onFile.stderr)")
            #expect(!onServer.stdout.contains(server.password) && !onServer.stderr.contains(server.password))
        }
    }

    /// Several processes creating into one new database at once: the schema is made once, every create succeeds.
    @Test func concurrentFirstCreates() throws {
        let server = try PostgresServer.require()
        let uri = server.uri(database: try server.newDatabase())
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var files: [String] = []
        for writer in 0..<4 {
            let file = directory.appendingPathComponent("w\(writer).yaml")
            // Overlapping names: every writer writes shared-0…shared-9 (with --force) and ten of its own.
            let documents = (0..<10).map { "kind: token\nversion: v2\nmetadata: {name: shared-\($0)}\nspec: {roles: [Node], allow: [{aws_account: \"11111111111\(writer % 10)\"}]}\n" }
                + (0..<10).map { "kind: token\nversion: v2\nmetadata: {name: own-\(writer)-\($0)}\nspec: {roles: [Node], allow: [{aws_account: \"222222222222\"}]}\n" }
            try documents.joined(separator: "---\n").write(to: file, atomically: true, encoding: .utf8)
            files.append(file.path)
        }
        let results = try runConcurrently(files.map { ["--db", uri, "create", "--force", $0] })
        for result in results { #expect(result.status == 0, "\(result.stderr)") }
        let names = try runTokenctl(["--db", uri, "list", "--format", "names"]).stdout.split(separator: "\n")
        #expect(names.count == 50)
        // Each shared token holds exactly one writer's rule, whole.
        let rules = try server.psql("SELECT count(*) FROM tokenctl.allow_rule", database: String(uri.split(separator: "/").last!))
        #expect(rules.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "50")
    }

    /// A client killed in the middle of a create leaves all of it or none of it.
    @Test func killedCreateIsAllOrNothing() throws {
        let server = try PostgresServer.require()
        let database = try server.newDatabase()
        let uri = server.uri(database: database)
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("many.yaml")
        let documents = (0..<50_000).map {
            "kind: token\nversion: v2\nmetadata: {name: bulk-\($0)}\nspec: {roles: [Node], allow: [{aws_account: \"111111111111\", aws_regions: [us-east-1]}]}\n"
        }
        try documents.joined(separator: "---\n").write(to: file, atomically: true, encoding: .utf8)
        // The schema first, so that the kill lands in the create's own transaction.
        #expect(try runTokenctl(["--db", uri, "create", "fixtures/store/docs.yaml"]).status == 0)
        let process = try startTokenctl(["--db", uri, "create", file.path])
        var killedInside = false
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline {
            let open = try server.psql(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = '\(database)' AND xact_start IS NOT NULL AND pid <> pg_backend_pid()")
            if open.stdout.trimmingCharacters(in: .whitespacesAndNewlines) != "0" {
                kill(process.processIdentifier, SIGKILL)
                killedInside = true
                break
            }
        }
        process.waitUntilExit()
        #expect(killedInside, "create finished before its transaction was seen; the kill did not land mid-write")
        let count = try runTokenctl(["--db", uri, "list", "--format", "names"])
        let stored = count.stdout.split(separator: "\n").count - 2
        #expect(stored == 0 || stored == 50_000, "a killed create left \(stored) tokens")
    }

    /// A read-only role (USAGE on the schema, SELECT on its tables) can list, get and check, and cannot write.
    @Test func readOnlyRole() throws {
        let server = try PostgresServer.require()
        let database = try server.newDatabase()
        let owner = server.uri(database: database)
        #expect(try runTokenctl(["--db", owner, "create", "fixtures/store/docs.yaml"]).status == 0)
        try server.psql("GRANT USAGE ON SCHEMA tokenctl TO reader; GRANT SELECT ON ALL TABLES IN SCHEMA tokenctl TO reader", database: database)
        let reader = server.uri(database: database, user: "reader", password: server.readerPassword)
        #expect(try runTokenctl(["--db", reader, "list"]).status == 0)
        #expect(try runTokenctl(["--db", reader, "get", "ec2-token"]).status == 0)
        let check = try runTokenctl([
            "--db", reader, "check", "--iid", "fixtures/iid/rsa2048_us-west-2_2018_taskcluster-iid-verify/rsa2048.b64", "--at", "pending+1m",
        ])
        #expect(check.status == 1 && check.stderr.isEmpty, "\(check.stderr)")
        let write = try runTokenctl(["--db", reader, "rm", "ec2-token"])
        #expect(write.status == 3)
        #expect(write.stderr.contains("permission denied"))
        #expect(try runTokenctl(["--db", owner, "list", "--format", "names"]).stdout.contains("ec2-token"))
    }

    /// A tokenctl schema holding someone else's table, or a newer tokenctl's schema, is refused and left unchanged.
    @Test func foreignAndNewerSchemasAreRefused() throws {
        let server = try PostgresServer.require()
        let foreign = try server.newDatabase()
        try server.psql("CREATE SCHEMA tokenctl; CREATE TABLE tokenctl.invoices (id int); INSERT INTO tokenctl.invoices VALUES (7)", database: foreign)
        for command in [["create", "fixtures/store/docs.yaml"], ["list"]] {
            let result = try runTokenctl(["--db", server.uri(database: foreign)] + command)
            #expect(result.status == 3)
            #expect(result.stderr.contains("\"invoices\"") && result.stderr.contains("left unchanged"), "\(result.stderr)")
        }
        #expect(try server.psql("SELECT string_agg(table_name, ',') FROM information_schema.tables WHERE table_schema = 'tokenctl'", database: foreign).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "invoices")

        let newer = try server.newDatabase()
        #expect(try runTokenctl(["--db", server.uri(database: newer), "create", "fixtures/store/docs.yaml"]).status == 0)
        try server.psql("INSERT INTO tokenctl.migrations (id) VALUES ('v9: from the future')", database: newer)
        for command in [["create", "--force", "fixtures/store/docs.yaml"], ["list"], ["rm", "ec2-token"]] {
            let result = try runTokenctl(["--db", server.uri(database: newer)] + command)
            #expect(result.status == 3)
            #expect(result.stderr.contains("newer tokenctl") && result.stderr.contains("v9: from the future"), "\(result.stderr)")
        }
        #expect(try server.psql("SELECT count(*) FROM tokenctl.token", database: newer).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "2")
    }

    /// A lock held past the busy timeout is exit 3, and nothing is written.
    @Test func lockWaitPastTheBusyTimeout() throws {
        let server = try PostgresServer.require()
        let database = try server.newDatabase()
        let uri = server.uri(database: database)
        #expect(try runTokenctl(["--db", uri, "create", "fixtures/store/docs.yaml"]).status == 0)
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = [
            "PGPASSWORD=\(server.password)", server.bindir + "/psql", "-h", "127.0.0.1", "-p", String(server.port), "-U", "tokenctl", "-d",
            database, "-qc", "BEGIN; LOCK TABLE tokenctl.token IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(4); COMMIT",
        ]
        holder.standardOutput = FileHandle.nullDevice
        try holder.run()
        defer { holder.waitUntilExit() }
        usleep(700_000)
        let blocked = try runTokenctl(
            ["--db", uri, "create", "--force", "fixtures/lint/methods/github.pass.yaml"], environment: ["TOKENCTL_BUSY_TIMEOUT_MS": "300"])
        #expect(blocked.status == 3)
        #expect(blocked.stderr.contains("busy timeout"), "\(blocked.stderr)")
        holder.waitUntilExit()
        #expect(try runTokenctl(["--db", uri, "list", "--format", "names"]).stdout == "ec2-multiaccount-token\nec2-token\n")
    }

    /// libpq's own conventions work, as it reads them: PGPASSWORD, a password file (PGPASSFILE), PGHOST/PGPORT.
    @Test func libpqConventions() throws {
        let server = try PostgresServer.require()
        let database = try server.newDatabase()
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let bare = "postgresql://tokenctl@127.0.0.1:\(server.port)/\(database)"
        #expect(try runTokenctl(["--db", bare, "create", "fixtures/store/docs.yaml"], environment: ["PGPASSWORD": server.password]).status == 0)
        let passfile = directory.appendingPathComponent("pgpass")
        try "127.0.0.1:\(server.port):*:tokenctl:\(server.password)\n".write(to: passfile, atomically: true, encoding: .utf8)
        chmod(passfile.path, 0o600)
        let viaFile = try runTokenctl(["--db", bare, "list", "--format", "names"], environment: ["PGPASSFILE": passfile.path])
        #expect(viaFile.stdout == "ec2-multiaccount-token\nec2-token\n", "\(viaFile.stderr)")
        let viaVariables = try runTokenctl(
            ["--db", "postgresql:///\(database)?user=tokenctl", "list", "--format", "names"],
            environment: ["PGHOST": "127.0.0.1", "PGPORT": String(server.port), "PGPASSWORD": server.password])
        #expect(viaVariables.stdout == "ec2-multiaccount-token\nec2-token\n", "\(viaVariables.stderr)")
        let missing = try runTokenctl(["--db", bare, "list"], environment: ["PGPASSFILE": "/nonexistent"])
        #expect(missing.status == 3 && missing.stderr.contains("127.0.0.1"), "\(missing.stderr)")
    }

    /// Connection failures: one line, exit 3, naming host and port, never the password.
    @Test func connectionFailures() throws {
        let server = try PostgresServer.require()
        let closed = try MotoServer.freePort()
        let cases: [(uri: String, expected: String)] = [
            ("postgresql://tokenctl:hunter2secret@127.0.0.1:\(closed)/postgres", "Connection refused"),
            ("postgresql://tokenctl:hunter2secret@127.0.0.1:\(server.port)/postgres", "password authentication failed"),
            (server.uri(database: "no_such_database"), "does not exist"),
        ]
        for (uri, expected) in cases {
            let result = try runTokenctl(["--db", uri, "list"])
            #expect(result.status == 3)
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
            #expect(result.stderr.contains(expected) && result.stderr.contains("127.0.0.1"), "\(result.stderr)")
            #expect(!result.stderr.contains("hunter2secret") && !result.stderr.contains(server.password))
        }
        let environment = try runTokenctl(["list"], environment: ["TOKENCTL_DB": server.uri(database: "no_such_database")])
        #expect(environment.status == 3 && !environment.stderr.contains(server.password))
    }
}

/// libpq is found at run time; without it the message names the package.
@Suite struct LibPQLoadingTests {
    @Test func missingLibraryNamesThePackage() {
        let missing = LibPQ.load("libpq-not-installed.so.5")
        #expect(missing.library == nil)
        #expect(missing.problem?.contains("apt-get install libpq5") == true)
        #expect(LibPQ.load().library != nil, "libpq5 is installed by make test")
    }

    @Test func passwordsNeverShow() {
        #expect(PostgresTokenStore.displayURI("postgresql://ops:s3cret@db:5432/teleport?sslmode=require") == "postgresql://ops@db:5432/teleport?sslmode=require")
        #expect(PostgresTokenStore.displayURI("postgres://db/teleport?password=s3cret&sslmode=require") == "postgres://db/teleport?sslmode=require")
        #expect(PostgresTokenStore.displayURI("postgres://ops@db/teleport") == "postgres://ops@db/teleport")
        #expect(PostgresTokenStore.displayURI("postgresql://%2Fvar%2Frun%2Fpostgresql/teleport") == "postgresql://%2Fvar%2Frun%2Fpostgresql/teleport")
    }

    @Test func copyRowsAndArraysEscape() {
        var rows = CopyRows()
        rows.add(["a\tb", nil, "line\nbreak\ttab"])
        #expect(String(decoding: rows.bytes, as: UTF8.self) == "a\\tb\t\\N\tline\\nbreak\\ttab\n")
        #expect(PostgresArray.text(["plain", "quo\"te", "back\\slash"]) == #"{"plain","quo\"te","back\\slash"}"#)
    }
}

/// Runs several tokenctl processes at once and waits for all of them.
func runConcurrently(_ invocations: [[String]]) throws -> [CommandResult] {
    let results = LockedResults(count: invocations.count)
    DispatchQueue.concurrentPerform(iterations: invocations.count) { index in
        results.set(index, (try? runTokenctl(invocations[index])) ?? CommandResult(status: -1, stdout: "", stderr: "did not run", seconds: 0))
    }
    return results.values
}

private final class LockedResults: @unchecked Sendable {
    private var storage: [CommandResult]
    private let lock = NSLock()

    init(count: Int) { storage = Array(repeating: CommandResult(status: -1, stdout: "", stderr: "", seconds: 0), count: count) }

    func set(_ index: Int, _ value: CommandResult) { lock.withLock { storage[index] = value } }

    var values: [CommandResult] { lock.withLock { storage } }
}
