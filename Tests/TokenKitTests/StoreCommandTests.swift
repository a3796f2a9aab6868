import Foundation
import Testing
@testable import TokenKit

/// The store engines the behaviour tests run on: every one, the same expectations (SPEC §3.1).
enum StoreEngine: String, CaseIterable, Sendable {
    case sqlite, postgresql

    /// Every engine; `make check` (the fast suite) names only sqlite in $TOKENCTL_TEST_ENGINES.
    static var tested: [StoreEngine] {
        let named = ProcessInfo.processInfo.environment["TOKENCTL_TEST_ENGINES"].map { $0.split(separator: ",").map(String.init) } ?? []
        return named.isEmpty ? allCases : allCases.filter { named.contains($0.rawValue) }
    }

    /// A new, empty store: a file in the directory, or a database of its own on the test server.
    func newStore(in directory: URL) throws -> String {
        switch self {
        case .sqlite: return directory.appendingPathComponent("tokens-\(UUID().uuidString.prefix(8)).db").path
        case .postgresql:
            let server = try PostgresServer.require()
            return server.uri(database: try server.newDatabase())
        }
    }
}

/// SPEC §3 through the command line: create, list, get, rm on a temporary database (both engines where the
/// behaviour is the store's, SQLite where it is the file's).
@Suite struct StoreCommandTests {
    let directory: URL
    var db: String { directory.appendingPathComponent("tokens.db").path }

    init() throws {
        directory = try TestPaths.temporaryDirectory()
    }

    func tokenctl(_ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:]) throws -> CommandResult {
        try runTokenctl(["--db", db] + arguments, stdin: stdin, environment: environment)
    }

    func tokenctl(db: String, _ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:]) throws -> CommandResult {
        try runTokenctl(["--db", db] + arguments, stdin: stdin, environment: environment)
    }

    func write(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static let docs = "fixtures/store/docs.yaml"
    static let secretName = "8f2c1a9e4b7d6f3a0c5e7d9b"
    static let secretManifest = """
        kind: token
        version: v2
        metadata:
          name: \(secretName)
          labels: {env: prod, team: infra}
          expires: "2026-01-01T00:00:00Z"
        spec:
          roles: [node, proxy]
          join_method: token
        ---
        kind: token
        version: v2
        metadata:
          name: gh-bot
          description: "yes"
          labels: {env: staging}
        spec:
          roles: [Bot]
          bot_name: ci
          join_method: github
          github:
            allow:
            - repository: example/deploy
              ref: refs/heads/main
            enterprise_server_host: ~
        """

    @Test(arguments: StoreEngine.tested) func createListGetRoundTrip(_ engine: StoreEngine) throws {
        let db = try engine.newStore(in: directory)
        let created = try tokenctl(db: db, ["create", Self.docs])
        #expect(created.status == 0)
        #expect(created.stdout == "token \"ec2-token\" has been created\ntoken \"ec2-multiaccount-token\" has been created\n")
        let list = try tokenctl(db: db, ["list"])
        #expect(list.stdout == """
            Token                   Join Method  Roles  Labels  Expires (UTC)
            ----------------------  -----------  -----  ------  -------------
            ec2-multiaccount-token  ec2          Node           never
            ec2-token               ec2          Node           never

            """)
        let get = try tokenctl(db: db, ["get", "token/ec2-token"])
        #expect(get.stdout == """
            kind: token
            version: v2
            metadata:
              name: ec2-token
            spec:
              roles: [Node]
              join_method: ec2
              aws_iid_ttl: 5m0s
              allow:
              - aws_account: "111111111111"
                aws_regions: [us-west-1, us-west-2]

            """)
        _ = try tokenctl(db: db, ["create", try write("secret.yaml", Self.secretManifest)])
        let before = try tokenctl(db: db, ["get", "--with-secrets"])
        let again = try tokenctl(db: db, ["create", "--force", "-"], stdin: Data(before.stdout.utf8))
        #expect(again.status == 0)
        #expect(again.stdout.split(separator: "\n").allSatisfy { $0.hasSuffix("is unchanged") })
        #expect(again.stdout.split(separator: "\n").count == 4)
        let after = try tokenctl(db: db, ["get", "--with-secrets"])
        #expect(after.stdout == before.stdout)
        let json = try tokenctl(db: db, ["get", "--with-secrets", "--format", "json"])
        let fromJSON = try tokenctl(db: db, ["create", "--force", "-"], stdin: Data(json.stdout.utf8))
        #expect(fromJSON.stdout.split(separator: "\n").allSatisfy { $0.hasSuffix("is unchanged") })
        #expect(fromJSON.status == 0)
    }

    @Test(arguments: StoreEngine.tested) func createIsAllOrNothing(_ engine: StoreEngine) throws {
        let db = try engine.newStore(in: directory)
        _ = try tokenctl(db: db, ["create", Self.docs])
        let manifest = """
            kind: token
            version: v2
            metadata: {name: first-new}
            spec: {roles: [Node], allow: [{aws_account: "444444444444", aws_regions: [us-east-1]}]}
            ---
            kind: token
            version: v2
            metadata: {name: second-new}
            spec: {roles: [Node], allow: [{aws_account: "444444444444", aws_regions: [us-east-2]}]}
            ---
            kind: token
            version: v2
            metadata: {name: third-bad}
            spec: {roles: [Nodes], allow: [{aws_account: "444444444444"}]}
            """
        let result = try tokenctl(db: db, ["create", try write("three.yaml", manifest)])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("three.yaml:14:16: error: role Nodes is not registered"))
        #expect(try tokenctl(db: db, ["list", "--format", "names"]).stdout == "ec2-multiaccount-token\nec2-token\n")
    }

    @Test(arguments: StoreEngine.tested) func existingNamesNeedForce(_ engine: StoreEngine) throws {
        let db = try engine.newStore(in: directory)
        _ = try tokenctl(db: db, ["create", Self.docs])
        let changed = try String(contentsOfFile: Self.docs, encoding: .utf8).replacingOccurrences(of: "aws_iid_ttl: 5m", with: "aws_iid_ttl: 10m")
            + "---\nkind: token\nversion: v2\nmetadata: {name: brand-new}\nspec: {roles: [Node], allow: [{aws_account: \"555555555555\", aws_regions: [us-east-1]}]}\n"
        let path = try write("changed.yaml", changed)
        let refused = try tokenctl(db: db, ["create", path])
        #expect(refused.status == 1)
        #expect(refused.stdout.isEmpty)
        #expect(refused.stderr.contains("token \"ec2-token\" already exists; use --force to overwrite"))
        #expect(refused.stderr.contains("token \"ec2-multiaccount-token\" already exists; use --force to overwrite"))
        #expect(try tokenctl(db: db, ["list", "--format", "names"]).stdout == "ec2-multiaccount-token\nec2-token\n")
        let dryRun = try tokenctl(db: db, ["create", "--force", "--dry-run", path])
        #expect(dryRun.stdout == "token \"ec2-token\" would be updated\ntoken \"ec2-multiaccount-token\" would be updated\ntoken \"brand-new\" would be created\n")
        #expect(try tokenctl(db: db, ["list", "--format", "names"]).stdout == "ec2-multiaccount-token\nec2-token\n")
        let forced = try tokenctl(db: db, ["create", "-f", path])
        #expect(forced.status == 0)
        #expect(forced.stdout == "token \"ec2-token\" has been updated\ntoken \"ec2-multiaccount-token\" has been updated\ntoken \"brand-new\" has been created\n")
        #expect(try tokenctl(db: db, ["get", "ec2-token"]).stdout.contains("aws_iid_ttl: 10m0s"))
    }

    @Test(arguments: StoreEngine.tested) func secretsAreMaskedEverywhereUnlessAsked(_ engine: StoreEngine) throws {
        let db = try engine.newStore(in: directory)
        let path = try write("secret.yaml", Self.secretManifest)
        let created = try tokenctl(db: db, ["create", path])
        let masked = SecretMask.mask(Self.secretName)
        #expect(masked == "******************5e7d9b")
        #expect(created.stdout.contains("token \"\(masked)\" has been created"))
        let outputs = [
            try tokenctl(db: db, ["create", path]), try tokenctl(db: db, ["list"]), try tokenctl(db: db, ["list", "--format", "json"]),
            try tokenctl(db: db, ["list", "--format", "yaml"]), try tokenctl(db: db, ["list", "--format", "names"]), try tokenctl(db: db, ["get"]),
            try tokenctl(db: db, ["get", "--format", "json"]), try tokenctl(db: db, ["get", Self.secretName]),
        ]
        for output in outputs {
            #expect(!output.stdout.contains(Self.secretName) && !output.stderr.contains(Self.secretName))
        }
        #expect(try tokenctl(db: db, ["get", Self.secretName]).stderr.contains("secret token names (and registration secrets) are masked"))
        #expect(try tokenctl(db: db, ["list", "--with-secrets", "--format", "names"]).stdout.contains(Self.secretName))
        let removed = try tokenctl(db: db, ["rm", Self.secretName, "nothere"])
        #expect(removed.stdout == "token \"\(masked)\" has been deleted\n")
        #expect(removed.stderr == "tokenctl: token \"*****re\" not found\n")
        #expect(removed.status == 1)
    }

    @Test(arguments: StoreEngine.tested) func filtersAndExpiry(_ engine: StoreEngine) throws {
        let db = try engine.newStore(in: directory)
        _ = try tokenctl(db: db, ["create", Self.docs, try write("secret.yaml", Self.secretManifest)])
        #expect(try tokenctl(db: db, ["ls", "--format", "names", "--join-method", "ec2"]).stdout == "ec2-multiaccount-token\nec2-token\n")
        #expect(try tokenctl(db: db, ["ls", "--format", "names", "--role", "proxy", "--with-secrets"]).stdout == "\(Self.secretName)\n")
        #expect(try tokenctl(db: db, ["ls", "--format", "names", "--labels", "env=staging"]).stdout == "gh-bot\n")
        #expect(try tokenctl(db: db, ["ls", "--format", "names", "--labels", "env=prod,team=infra", "--with-secrets"]).stdout == "\(Self.secretName)\n")
        #expect(try tokenctl(db: db, ["ls", "--labels", "env=none"]).stdout == "No tokens found.\n")
        let table = try tokenctl(db: db, ["ls", "--role", "Node"]).stdout
        #expect(table.contains("2026-01-01T00:00:00Z (expired)"))
        #expect(table.contains("env=prod,team=infra"))
        for bad in [["--role", "Nodes"], ["--join-method", "EC2"], ["--labels", "env"], ["--format", "csv"]] {
            #expect(try tokenctl(db: db, ["ls"] + bad).status == 64)
        }
    }

    @Test(arguments: StoreEngine.tested) func getAndRmReportMissingNames(_ engine: StoreEngine) throws {
        let db = try engine.newStore(in: directory)
        _ = try tokenctl(db: db, ["create", Self.docs])
        let get = try tokenctl(db: db, ["get", "ec2-token", "missing-token"])
        #expect(get.status == 1)
        #expect(get.stdout.contains("name: ec2-token"))
        #expect(get.stderr == "tokenctl: token \"*********oken\" not found\n")
        let rm = try tokenctl(db: db, ["rm", "token/ec2-token", "missing-token"])
        #expect(rm.status == 1)
        #expect(rm.stdout == "token \"ec2-token\" has been deleted\n")
        #expect(try tokenctl(db: db, ["list", "--format", "names"]).stdout == "ec2-multiaccount-token\n")
    }

    @Test func readingCommandsNeverCreateADatabase() throws {
        for arguments in [["list"], ["get"], ["rm", "x"], ["get", "x"]] {
            let result = try tokenctl(arguments)
            #expect(result.status == 3)
            #expect(result.stderr == "tokenctl: no database at \(db)\n")
            #expect(!FileManager.default.fileExists(atPath: db))
        }
    }

    @Test func databaseLocationAndModes() throws {
        let home = directory.appendingPathComponent("home")
        let xdg = directory.appendingPathComponent("xdg")
        let env = directory.appendingPathComponent("env/sub/tokens.db").path
        _ = try runTokenctl(["create", Self.docs], environment: ["HOME": home.path, "XDG_DATA_HOME": "", "TOKENCTL_DB": ""])
        _ = try runTokenctl(["create", Self.docs], environment: ["XDG_DATA_HOME": xdg.path, "TOKENCTL_DB": ""])
        _ = try runTokenctl(["create", Self.docs], environment: ["TOKENCTL_DB": env])
        for (file, directoryPath) in [
            (home.path + "/.local/share/tokenctl/tokens.db", home.path + "/.local/share/tokenctl"),
            (xdg.path + "/tokenctl/tokens.db", xdg.path + "/tokenctl"), (env, directory.path + "/env/sub"),
        ] {
            let fileMode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
            let directoryMode = try FileManager.default.attributesOfItem(atPath: directoryPath)[.posixPermissions] as? Int
            #expect(fileMode == 0o600, "\(file)")
            #expect(directoryMode == 0o700, "\(directoryPath)")
        }
        #expect(try runTokenctl(["list", "--format", "names"], environment: ["TOKENCTL_DB": env]).stdout == "ec2-multiaccount-token\nec2-token\n")
    }

    @Test func foreignAndNewerDatabasesAreRefusedUntouched() throws {
        for fixture in ["newer-schema.db", "not-sqlite.db"] {
            let copy = directory.appendingPathComponent(fixture)
            try? FileManager.default.removeItem(at: copy)
            try FileManager.default.copyItem(at: TestPaths.fixtures.appendingPathComponent("store/\(fixture)"), to: copy)
            let original = try Data(contentsOf: copy)
            for arguments in [["list"], ["get"], ["create", "--force", Self.docs], ["rm", "ec2-token"]] {
                let result = try runTokenctl(["--db", copy.path] + arguments)
                #expect(result.status == 3, "\(fixture) \(arguments)")
                #expect(result.stderr.contains(fixture == "newer-schema.db" ? "was written by a newer tokenctl" : "is not a tokenctl database"))
                #expect(try Data(contentsOf: copy) == original)
            }
        }
    }

    @Test func concurrentCreatesIntoANewDatabaseAllSucceed() throws {
        var paths: [String] = []
        for process in 0..<4 {
            var text = ""
            for index in 0..<250 {
                text += "---\nkind: token\nversion: v2\nmetadata: {name: p\(process)-t\(index)}\nspec: {roles: [Node], allow: [{aws_account: \"11111111111\(process)\", aws_regions: [us-east-1]}]}\n"
            }
            paths.append(try write("p\(process).yaml", text))
        }
        let results = OutputCollector()
        let group = DispatchGroup()
        let failures = FailureList()
        for path in paths {
            group.enter()
            DispatchQueue.global().async {
                defer { group.leave() }
                do {
                    let result = try runTokenctl(["--db", db, "create", path])
                    if result.status != 0 { failures.add("\(path): \(result.status) \(result.stderr)") }
                } catch {
                    failures.add("\(error)")
                }
            }
        }
        group.wait()
        _ = results
        #expect(failures.items.isEmpty, "\(failures.items)")
        let names = try tokenctl(["list", "--format", "names"]).stdout.split(separator: "\n")
        #expect(names.count == 1000)
    }
}

final class FailureList: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var items: [String] = []
    func add(_ item: String) {
        lock.lock()
        items.append(item)
        lock.unlock()
    }
}
