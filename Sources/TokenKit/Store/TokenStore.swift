import GRDB
import GRDBSQLite

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `create` did (or, on a dry run, would do) with one token.
public enum SaveAction: String, Sendable {
    case created, updated, unchanged
    /// The name exists and `--force` was not given; nothing was stored.
    case conflict
}

/// The columns `list` shows, without decoding whole resources.
public struct TokenSummary: Sendable {
    public var name: String
    public var joinMethod: String
    public var roles: [String]
    public var labels: [(key: String, value: String)]
    public var expires: Timestamp?

    public var isSecret: Bool { joinMethod == JoinMethod.token.rawValue }
}

/// `list` filters, applied in SQL.
public struct TokenFilter: Sendable {
    public var joinMethod: JoinMethod?
    public var role: SystemRole?
    public var labels: [(key: String, value: String)]

    public init(joinMethod: JoinMethod? = nil, role: SystemRole? = nil, labels: [(key: String, value: String)] = []) {
        self.joinMethod = joinMethod
        self.role = role
        self.labels = labels
    }
}

/// The token database: SQLite through GRDB, WAL mode, named migrations.
/// Owns the pool and every SQL statement; nothing else imports GRDB.
public final class TokenStore: Sendable {
    public let path: String
    /// Where reads go: the pool of a writer, or a read-only connection.
    private let reader: any DatabaseReader
    /// Nil for a store opened read-only.
    private let pool: DatabasePool?

    public enum OpenMode: Sendable {
        /// list, get, check: never create, never write (works on a read-only mount).
        case readOnly
        /// rm: writes, but a missing database is an error.
        case writeExisting
        /// create: make the directory (0700) and file (0600) when missing.
        case createIfMissing
    }

    /// What the commands should tell the operator about the file (e.g. that others can read it).
    public let warnings: [String]

    private init(path: String, reader: any DatabaseReader, pool: DatabasePool?, warnings: [String] = []) {
        self.path = path
        self.reader = reader
        self.pool = pool
        self.warnings = warnings
    }

    // MARK: Opening

    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: tokens, allow rules, labels") { db in
            try db.execute(
                sql: """
                    CREATE TABLE token (
                        name TEXT NOT NULL PRIMARY KEY,
                        join_method TEXT NOT NULL,
                        roles TEXT NOT NULL,
                        -- A JSON object with sorted keys; `list --labels` filters with json_extract.
                        labels TEXT NOT NULL,
                        expires INTEGER,
                        -- A JSON array of the accounts this token's allow_rule rows are filed under.
                        rule_accounts TEXT NOT NULL,
                        resource TEXT NOT NULL,
                        revision INTEGER NOT NULL,
                        created_at TEXT NOT NULL,
                        updated_at TEXT NOT NULL
                    ) WITHOUT ROWID;
                    -- Covers `list --format names` without reading the resources.
                    CREATE INDEX token_name_and_method ON token(name, join_method);
                    -- Keyed by account first: `check` finds candidate tokens by the document's account.
                    CREATE TABLE allow_rule (
                        aws_account TEXT NOT NULL,
                        token_name TEXT NOT NULL,
                        position INTEGER NOT NULL,
                        aws_regions TEXT NOT NULL,
                        aws_role TEXT NOT NULL,
                        aws_arn TEXT NOT NULL,
                        aws_organization_id TEXT NOT NULL,
                        PRIMARY KEY (aws_account, token_name, position)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v2: candidate columns on allow rules, secret name index") { db in
            // check evaluates candidates from their allow_rule rows alone (two index ranges, no
            // token rows): each rule carries what the join steps need of its token.
            try db.execute(
                sql: """
                    ALTER TABLE allow_rule ADD COLUMN join_method TEXT NOT NULL DEFAULT '';
                    ALTER TABLE allow_rule ADD COLUMN roles TEXT NOT NULL DEFAULT '';
                    ALTER TABLE allow_rule ADD COLUMN expires INTEGER;
                    ALTER TABLE allow_rule ADD COLUMN aws_iid_ttl TEXT NOT NULL DEFAULT '';
                    UPDATE allow_rule SET (join_method, roles, expires, aws_iid_ttl) = (
                        SELECT t.join_method, t.roles, t.expires, coalesce(json_extract(t.resource, '$.spec.aws_iid_ttl'), '')
                        FROM token t WHERE t.name = allow_rule.token_name);
                    -- Only the secret names (covering): what every masking command reads, without scanning all names.
                    CREATE INDEX token_secret_name ON token(join_method, name) WHERE join_method = 'token';
                    """)
        }
        migrator.registerMigration("v3: organizational units on allow rules") { db in
            // iam rules may match by OU; no earlier tokenctl stored any, so existing rows have none.
            try db.execute(sql: "ALTER TABLE allow_rule ADD COLUMN aws_organizational_units TEXT NOT NULL DEFAULT ''")
        }
        return migrator
    }()

    /// Opens (and when asked creates) the database. The path is looked at
    /// first and an existing file is inspected read-only, so a file that is
    /// not SQLite, another application's database, or one from a newer
    /// tokenctl is refused without being touched; read-only mode never
    /// creates, migrates or writes anything. Several processes may create and
    /// migrate the same new file at once: SQLITE_BUSY and a lost migration
    /// race are retried until the busy timeout runs out.
    public static func open(path: String, mode: OpenMode, busyTimeoutMilliseconds: Int = 5000) throws(StoreError)
        -> TokenStore
    {
        var warnings: [String] = []
        let found = DatabaseFile.inspect(path)
        switch found {
        case .missing:
            guard mode == .createIfMissing else { throw StoreError(.missing, "no database at \(path)") }
            try DatabaseLocation.prepareNewFile(path)
        case .empty:
            // An empty file holds no tokens; only a command that writes makes it a database.
            guard mode == .createIfMissing else { throw StoreError(.missing, "no database at \(path) (the file is empty)") }
        case .notSQLite:
            throw StoreError(
                .notADatabase,
                "\(path) is not a tokenctl database: it is not an SQLite file at all; it was left unchanged (is the database path right?)")
        case .notAFile(let what):
            throw StoreError(.cannotOpen, "\(path) is \(what), not a database file; name a file such as tokens.db")
        case .sqlite(let othersCanRead):
            if othersCanRead {
                warnings.append(
                    "warning: database \(path) can be read by other users, and its tokens are secrets; consider chmod 600 \(path)")
            }
        }
        var readOnlyConfiguration = Configuration()
        readOnlyConfiguration.readonly = true
        readOnlyConfiguration.busyMode = .timeout(Double(busyTimeoutMilliseconds) / 1000)
        readOnlyConfiguration.label = "tokenctl"
        var configuration = readOnlyConfiguration
        configuration.readonly = false
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            // Takes effect only while the file is still empty (before WAL mode and the first table):
            // a bulk create then writes a quarter as many pages (and WAL frames) as with 4 KiB ones.
            try db.execute(sql: "PRAGMA page_size = 16384")
        }
        let deadline = monotonicMilliseconds() + max(busyTimeoutMilliseconds, 0)
        var delay: UInt32 = 2_000
        while true {
            do {
                let schema: Schema
                var inspector: DatabaseQueue?
                // A new file stays empty until a creator (this process or another) initialises it.
                if found == .missing || found == .empty, DatabaseFile.inspect(path) == .empty {
                    schema = .blank
                } else {
                    let (queue, found) = try inspect(path: path, configuration: readOnlyConfiguration)
                    (inspector, schema) = (queue, found)
                }
                if mode == .readOnly {
                    if schema == .older {
                        throw StoreError(
                            .olderSchema,
                            "database \(path) was written by an earlier tokenctl; commands that only read never change it, so upgrade it once with a command that writes (create, rm)")
                    }
                    guard schema == .current, let inspector else {
                        throw StoreError(.missing, "no database at \(path) (the file holds no tokenctl tables yet)")
                    }
                    return TokenStore(path: path, reader: inspector, pool: nil, warnings: warnings)
                }
                // Checked before the writer connection opens: opening it already writes.
                if schema != .blank, let inspector { try inspector.read(refuseCorruption) }
                let pool = try DatabasePool(path: path, configuration: configuration)
                if schema != .current {
                    try migrator.migrate(pool)
                }
                return TokenStore(path: path, reader: pool, pool: pool, warnings: warnings)
            } catch let error as StoreError {
                throw error
            } catch let error as DatabaseError {
                let retriable =
                    error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
                    // Another process migrated the new database first.
                    || error.resultCode == .SQLITE_CONSTRAINT || error.resultCode == .SQLITE_ERROR
                if retriable && monotonicMilliseconds() < deadline {
                    usleep(delay)
                    delay = min(delay * 2, 100_000)
                    continue
                }
                throw storeError(error, path: path)
            } catch {
                throw StoreError(.other, "cannot open database \(path): an unexpected error")
            }
        }
    }

    /// What an existing SQLite file holds.
    enum Schema: Equatable {
        /// No tables (or only an empty migrations table): a database being created.
        case blank
        /// tokenctl's tables at a schema this version knows.
        case current
        /// An earlier tokenctl's schema: writers upgrade it; readers do not write, so they refuse it.
        case older
    }

    /// The tables tokenctl owns; any other table makes a file someone else's.
    static let ownTables: Set<String> = ["token", "allow_rule", "grdb_migrations"]

    /// A read-only connection, and what the file holds: another
    /// application's tables, tables without tokenctl's migration record, or
    /// a newer schema are refused here, before anything could write. On
    /// read-only media (or in a directory tokenctl may not write), where
    /// SQLite cannot create the -shm file a WAL database needs, the file is
    /// read as immutable instead, unless it has an unfinished log.
    private static func inspect(path: String, configuration: Configuration) throws -> (DatabaseQueue, Schema) {
        func inspect(_ location: String) throws -> (DatabaseQueue, Schema) {
            let queue = try DatabaseQueue(path: location, configuration: configuration)
            let schema = try queue.read { db -> Schema in
                let tables = try String.fetchAll(
                    db, sql: "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
                // A newer tokenctl may have added tables of its own: say "newer", not "foreign".
                if tables.contains("grdb_migrations"), try migrator.hasBeenSuperseded(db) {
                    let unknown = try migrator.appliedIdentifiers(db).subtracting(migrator.migrations).sorted()
                    throw StoreError(
                        .newerSchema,
                        "database \(path) was written by a newer tokenctl (unknown schema migrations: \(unknown.joined(separator: ", "))); upgrade tokenctl"
                    )
                }
                let foreign = tables.filter { !ownTables.contains($0) }.sorted()
                guard foreign.isEmpty else {
                    let listed = foreign.prefix(5).map(quoted).joined(separator: ", ") + (foreign.count > 5 ? ", …" : "")
                    throw StoreError(
                        .notADatabase,
                        "\(path) is not a tokenctl database: it is an SQLite database with tables tokenctl does not own (\(listed)); it was left unchanged (is the database path right?)")
                }
                if tables.isEmpty { return .blank }
                guard tables.contains("grdb_migrations") else {
                    throw StoreError(
                        .notADatabase,
                        "\(path) is not a tokenctl database: it has tables named like tokenctl's but no record of tokenctl's schema migrations, so it was made or changed outside tokenctl; it was left unchanged")
                }
                if try migrator.hasCompletedMigrations(db) { return .current }
                let applied = try migrator.appliedIdentifiers(db)
                if tables == ["grdb_migrations"], applied.isEmpty { return .blank }
                // An earlier tokenctl's schema: every migration it ran is one this version knows, in order.
                if !applied.isEmpty, migrator.migrations.prefix(applied.count).allSatisfy(applied.contains),
                    tables.contains("token"), tables.contains("allow_rule")
                {
                    return .older
                }
                throw StoreError(
                    .notADatabase,
                    "\(path) is not a usable tokenctl database: its schema is incomplete (tables: \(tables.sorted().joined(separator: ", "))); it was left unchanged; restore it from a backup")
            }
            return (queue, schema)
        }
        do {
            return try inspect(path)
        } catch let error as DatabaseError where isCannotOpen(error) && !DatabaseLocation.directoryIsWritable(path) {
            guard !DatabaseLocation.hasPendingLog(path) else {
                throw StoreError(
                    .cannotOpen,
                    "database \(path) is on read-only media (or in a directory tokenctl may not write) with an unfinished write-ahead log (\(path)-wal); open it once where it is writable so SQLite can finish the log")
            }
            return try inspect(DatabaseLocation.immutableURI(path))
        }
    }

    /// SQLite's ways of saying a read-only connection could not get at the
    /// file or its -shm index (which it would have to create).
    private static func isCannotOpen(_ error: DatabaseError) -> Bool {
        error.resultCode == .SQLITE_CANTOPEN || error.resultCode == .SQLITE_READONLY
    }

    private func writer() throws(StoreError) -> DatabasePool {
        guard let pool else { throw StoreError(.readOnly, "database \(path) was opened read-only") }
        return pool
    }

    static func storeError(_ error: DatabaseError, path: String) -> StoreError {
        let detail = error.message ?? "\(error.resultCode)"
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StoreError(.locked, "database \(path) is locked by another process and stayed locked past the busy timeout; try again, or raise $TOKENCTL_BUSY_TIMEOUT_MS")
        case .SQLITE_NOTADB:
            return StoreError(.notADatabase, "\(path) is not a tokenctl database (\(detail)); check --db / $TOKENCTL_DB")
        case .SQLITE_CORRUPT:
            return StoreError(.corrupt, "database \(path) is corrupt (\(detail)); restore it from a backup")
        case .SQLITE_READONLY:
            return StoreError(.readOnly, "database \(path) is read-only (\(detail)); commands that write need write access to it and its directory")
        case .SQLITE_FULL:
            return StoreError(.full, "database \(path): the disk is full (\(detail)); nothing was stored")
        case .SQLITE_IOERR:
            return StoreError(
                .ioError,
                "database \(path): a read or write failed (\(detail)); is the disk full, failing, or a file size limit (ulimit -f) in force? Nothing was stored")
        case .SQLITE_CANTOPEN where !DatabaseLocation.directoryIsWritable(path):
            return StoreError(
                .readOnly,
                "database \(path) is on a read-only file system, or in a directory tokenctl may not write (\(detail)); list, get and check still work there, but commands that write need write access to the directory")
        case .SQLITE_CANTOPEN:
            return StoreError(.cannotOpen, "cannot open database \(path) (\(detail))")
        default:
            return StoreError(.other, "database \(path): \(detail)")
        }
    }

    private static func monotonicMilliseconds() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int(now.tv_sec) * 1000 + Int(now.tv_nsec) / 1_000_000
    }

    private func run<T>(_ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw TokenStore.storeError(error, path: path)
        } catch {
            throw StoreError(.other, "database \(path): \(error)")
        }
    }

    // MARK: Writing

    /// Stores tokens in one transaction. With conflicts (existing names and
    /// no `force`) nothing is written; on a dry run nothing ever is.
    public func save(_ tokens: [ProvisionToken], force: Bool, dryRun: Bool, now: Timestamp) throws(StoreError)
        -> [(name: String, action: SaveAction)]
    {
        let stamp = now.description
        let pool = try writer()
        return try run {
            try pool.writeWithoutTransaction { db in
                var actions: [(name: String, action: SaveAction)] = []
                try db.inTransaction(.immediate) {
                    let plan = try classify(tokens, force: force, db: db)
                    actions = plan.map { ($0.name, $0.action) }
                    guard !dryRun, !actions.contains(where: { $0.action == .conflict }) else { return .rollback }
                    // Room for the whole transaction, so pages are not spilled to the WAL and rewritten.
                    try db.execute(sql: "PRAGMA cache_size = -131072")
                    let statements = try WriteStatements(db)
                    // Writing in key order keeps B-tree inserts local (String order is byte
                    // order for ASCII, and close enough to it otherwise for that purpose).
                    let names = tokens.map(\.name)
                    let order = names.indices.sorted { names[$0] < names[$1] }
                    for (token, entry) in order.lazy.map({ (tokens[$0], plan[$0]) }) {
                        // An update's resource text was already made to compare it with the stored one.
                        let resource = { entry.resource ?? TokenStore.resourceText(token) }
                        switch entry.action {
                        case .created: try statements.write(token, resource: resource(), replacing: false, stamp: stamp)
                        case .updated: try statements.write(token, resource: resource(), replacing: true, stamp: stamp)
                        case .unchanged, .conflict: break
                        }
                    }
                    return .commit
                }
                return actions
            }
        }
    }

    /// What to do with each token, and the resource text when it had to be made to decide.
    private func classify(_ tokens: [ProvisionToken], force: Bool, db: Database) throws
        -> [(name: String, action: SaveAction, resource: String?)]
    {
        // A new database (the bulk-load case) has nothing to compare with.
        if try !(Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM token)") ?? true) {
            return tokens.map { ($0.name, .created, nil) }
        }
        let select = try RawStatement(db, "SELECT resource FROM token WHERE name = ?1")
        return try tokens.map { token in
            select.bind(1, token.name)
            guard let stored = try select.text() else { return (token.name, .created, nil) }
            // As tctl create: an existing name needs --force, even when nothing would change.
            guard force else { return (token.name, .conflict, nil) }
            let resource = TokenStore.resourceText(token)
            return (token.name, stored == resource ? .unchanged : .updated, resource)
        }
    }

    static func resourceText(_ token: ProvisionToken) -> String {
        CanonicalResource.compactText(for: token)
    }

    /// The statements of one save, prepared once and bound directly: a
    /// create of 100,000 tokens runs them hundreds of thousands of times.
    private final class WriteStatements {
        let insertToken: RawStatement
        let updateToken: RawStatement
        let deleteRules: RawStatement
        let insertRule: RawStatement

        init(_ db: Database) throws {
            insertToken = try RawStatement(
                db,
                """
                INSERT INTO token (name, join_method, roles, labels, expires, rule_accounts, resource, revision,
                created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8, ?8)
                """)
            updateToken = try RawStatement(
                db,
                """
                UPDATE token SET join_method = ?2, roles = ?3, labels = ?4, expires = ?5, rule_accounts = ?6,
                resource = ?7, revision = revision + 1, updated_at = ?8 WHERE name = ?1
                """)
            deleteRules = try RawStatement(db, TokenStore.deleteRulesSQL)
            insertRule = try RawStatement(
                db,
                """
                INSERT INTO allow_rule (aws_account, token_name, position, aws_regions, aws_role, aws_arn,
                aws_organization_id, join_method, roles, expires, aws_iid_ttl, aws_organizational_units)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                """)
        }

        func write(_ token: ProvisionToken, resource: String, replacing: Bool, stamp: String) throws {
            if replacing {
                // Before the row changes: the old rules are found through its rule_accounts.
                deleteRules.bind(1, token.name)
                try deleteRules.run()
            }
            let statement = replacing ? updateToken : insertToken
            let roles = token.roles.map(\.name).joined(separator: ",")
            let ttl = token.awsIIDTTL?.description ?? ""
            statement.bind(1, token.name)
            statement.bind(2, token.joinMethod.rawValue)
            statement.bind(3, roles)
            statement.bind(4, TokenStore.labelsText(token.labels))
            statement.bind(5, token.expires?.seconds)
            statement.bind(6, TokenStore.accountsText(token.allow))
            statement.bind(7, resource)
            statement.bind(8, stamp)
            try statement.run()
            for (position, allow) in token.allow.enumerated() {
                insertRule.bind(1, allow.awsAccount)
                insertRule.bind(2, token.name)
                insertRule.bind(3, Int64(position + 1))
                insertRule.bind(4, allow.awsRegions.joined(separator: ","))
                insertRule.bind(5, allow.awsRole)
                insertRule.bind(6, allow.awsARN)
                insertRule.bind(7, allow.awsOrganizationID)
                insertRule.bind(8, token.joinMethod.rawValue)
                insertRule.bind(9, roles)
                insertRule.bind(10, token.expires?.seconds)
                insertRule.bind(11, ttl)
                insertRule.bind(12, TokenStore.organizationalUnitsText(allow.organizationalUnits))
                try insertRule.run()
            }
        }
    }

    /// Deletes a token's allow rules (?1: its name) through the accounts it filed them under.
    static let deleteRulesSQL = """
        DELETE FROM allow_rule WHERE token_name = ?1 AND aws_account IN (
            SELECT value FROM json_each((SELECT rule_accounts FROM token WHERE name = ?1)))
        """

    static func labelsText(_ labels: [String: String]) -> String {
        guard !labels.isEmpty else { return "{}" }
        var writer = CompactJSONWriter()
        writer.beginObject()
        for (key, value) in labels.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            writer.key(key)
            writer.string(value)
        }
        writer.endObject()
        return writer.text
    }

    /// An iam rule's OU matcher as the allow_rule row keeps it: include and exclude, each a
    /// comma-separated list, joined by a newline ("" when the rule has none).
    static func organizationalUnitsText(_ units: OrganizationalUnits?) -> String {
        guard let units, units.isMatcher else { return "" }
        return units.include.joined(separator: ",") + "\n" + units.exclude.joined(separator: ",")
    }

    static func organizationalUnits(fromText text: String) -> OrganizationalUnits? {
        guard !text.isEmpty else { return nil }
        let parts = text.split(separator: "\n", omittingEmptySubsequences: false)
        func list(_ index: Int) -> [String] {
            index < parts.count ? parts[index].split(separator: ",").map(String.init) : []
        }
        return OrganizationalUnits(include: list(0), exclude: list(1))
    }

    static func accountsText(_ rules: [AllowRule]) -> String {
        var writer = CompactJSONWriter()
        writer.beginArray()
        for (index, rule) in rules.enumerated() where !rules[..<index].contains(where: { $0.awsAccount == rule.awsAccount }) {
            writer.string(rule.awsAccount)
        }
        writer.endArray()
        return writer.text
    }

    /// Deletes in one transaction; returns the names that were not there.
    public func remove(_ names: [String]) throws(StoreError) -> (removed: [String], missing: [String]) {
        let pool = try writer()
        return try run {
            try pool.write { db in
                var removed: [String] = []
                var missing: [String] = []
                let deleteRules = try db.cachedStatement(sql: TokenStore.deleteRulesSQL)
                let delete = try db.cachedStatement(sql: "DELETE FROM token WHERE name = ?")
                for name in names {
                    try deleteRules.execute(arguments: [name])
                    try delete.execute(arguments: [name])
                    if db.changesCount > 0 { removed.append(name) } else { missing.append(name) }
                }
                return (removed, missing)
            }
        }
    }

    /// Nothing is written into a damaged database: a write could spread the
    /// damage, and the operator should restore a backup first. SQLite's quick
    /// check reads every page (about 0.1 s for 100,000 tokens; a new database
    /// is not checked).
    private static func refuseCorruption(_ db: Database) throws {
        let problems = try String.fetchAll(db, sql: "PRAGMA quick_check(5)")
        guard problems != ["ok"] else { return }
        // One line for the message: the first few problems, without SQLite's banner.
        let lines = problems.flatMap { $0.split(separator: "\n") }.filter { !$0.hasPrefix("***") }
        throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "quick_check found: " + lines.prefix(3).joined(separator: "; "))
    }

    // MARK: Reading

    public func names() throws(StoreError) -> [String] {
        try names(matching: TokenFilter()).map(\.name)
    }

    /// For benchmarks: steps the candidate query's rows without building anything.
    public func candidateRowCount(account: String) throws(StoreError) -> Int {
        try run {
            try reader.read { db in
                let select = try RawStatement(db, Self.candidateRulesSQL)
                var count = 0
                for value in [account, ""] {
                    select.bind(1, value)
                    select.bind(2, JoinMethod.ec2.rawValue)
                    try select.forEachRow { _ in count += 1 }
                }
                return count
            }
        }
    }

    /// Every secret name (join method `token`), for masking: read from the
    /// covering index without a row object per name.
    public func secretNames() throws(StoreError) -> [String] {
        try run {
            try reader.read { db in
                let select = try RawStatement(db, Self.secretNamesSQL)
                var names: [String] = []
                try select.forEachRow { names.append($0.text(0)) }
                return names
            }
        }
    }

    /// Every secret name in a redactor, its bytes read straight from SQLite (no string per name).
    /// Every distinct `aws_role` of the stored ec2 tokens' rules, for `policy`.
    public func ec2AssumedRoles() throws(StoreError) -> [String] {
        try run {
            try reader.read { db in
                let select = try RawStatement(db, "SELECT DISTINCT aws_role FROM allow_rule WHERE join_method = 'ec2' AND aws_role != ''")
                var roles: [String] = []
                try select.forEachRow { roles.append($0.text(0)) }
                return roles
            }
        }
    }

    public func secretRedactor() throws(StoreError) -> SecretRedactor {
        try run {
            try reader.read { db in
                let select = try RawStatement(db, Self.secretNamesSQL)
                var builder = SecretRedactor.Builder()
                try select.forEachRow { builder.add($0.bytes(0)) }
                return builder.redactor()
            }
        }
    }

    static let secretNamesSQL = "SELECT name FROM token INDEXED BY token_secret_name WHERE join_method = 'token'"

    /// The WHERE clause and arguments of a `list` filter over `token t`.
    private func condition(_ filter: TokenFilter) -> (sql: String, arguments: StatementArguments) {
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        if let method = filter.joinMethod {
            conditions.append("t.join_method = ?")
            arguments.append(method.rawValue)
        }
        if let role = filter.role {
            conditions.append("(',' || t.roles || ',') LIKE ?")
            arguments.append("%," + role.name + ",%")
        }
        for (key, value) in filter.labels {
            // Label keys cannot hold a double quote, so the quoted JSON path is exact.
            conditions.append("json_extract(t.labels, ?) = ?")
            arguments.append("$.\"" + key + "\"")
            arguments.append(value)
        }
        return (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "), StatementArguments(arguments))
    }

    /// Names (with whether each is a secret) in name order, from the covering index.
    public func names(matching filter: TokenFilter) throws(StoreError) -> [(name: String, isSecret: Bool)] {
        let (whereClause, arguments) = condition(filter)
        return try run {
            try reader.read { db in
                var names: [(name: String, isSecret: Bool)] = []
                let rows = try Row.fetchCursor(
                    db, sql: "SELECT t.name, t.join_method = 'token' FROM token t" + whereClause + " ORDER BY t.name",
                    arguments: arguments)
                while let row = try rows.next() {
                    names.append((row[0], row[1]))
                }
                return names
            }
        }
    }

    public func summaries(matching filter: TokenFilter = TokenFilter()) throws(StoreError) -> [TokenSummary] {
        let (whereClause, arguments) = condition(filter)
        let sql = "SELECT t.name, t.join_method, t.roles, t.expires FROM token t" + whereClause + " ORDER BY t.name"
        return try run {
            try reader.read { db in
                var labels: [String: [(key: String, value: String)]] = [:]
                let labelRows = try Row.fetchCursor(
                    db, sql: "SELECT t.name, l.key, l.value FROM token t, json_each(t.labels) l" + whereClause + " ORDER BY t.name, l.key",
                    arguments: arguments)
                while let row = try labelRows.next() {
                    labels[row[0], default: []].append((row[1], row[2]))
                }
                return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                    let name: String = row[0]
                    let roles: String = row[2]
                    let expires: Int64? = row[3]
                    return TokenSummary(
                        name: name, joinMethod: row[1], roles: roles.split(separator: ",").map(String.init),
                        labels: labels[name] ?? [], expires: expires.map { Timestamp(seconds: $0) })
                }
            }
        }
    }

    /// Whole tokens by name, in the order asked, and the names that are not stored.
    public func tokens(named names: [String]) throws(StoreError) -> (tokens: [ProvisionToken], missing: [String]) {
        let rows: [(String, String, String)] = try run {
            try reader.read { db in
                let select = try db.cachedStatement(sql: "SELECT name, resource, join_method FROM token WHERE name = ?")
                return try names.compactMap { name in
                    try Row.fetchOne(select, arguments: [name]).map { ($0[0], $0[1], $0[2]) }
                }
            }
        }
        let tokens = try decode(rows)
        // Byte for byte, as SQLite compares them: NFC and NFD spellings are two names.
        let found = Set(tokens.map { Array($0.name.utf8) })
        return (tokens, names.filter { !found.contains(Array($0.utf8)) })
    }

    /// Whole tokens that pass a `list` filter (all by default), sorted by name.
    public func tokens(matching filter: TokenFilter = TokenFilter()) throws(StoreError) -> [ProvisionToken] {
        let (whereClause, arguments) = condition(filter)
        let rows: [(String, String, String)] = try run {
            try reader.read { db in
                try Row.fetchAll(db, sql: "SELECT t.name, t.resource, t.join_method FROM token t" + whereClause + " ORDER BY t.name", arguments: arguments)
                    .map { ($0[0], $0[1], $0[2]) }
            }
        }
        return try decode(rows)
    }

    /// ec2 tokens (sorted by name) with a rule for this account or for any account, built
    /// from those allow_rule rows alone (two ranges of the account index,
    /// no token row and no resource read): each rule row carries its
    /// token's roles, expiry and TTL. Only these rules can match the
    /// document, so the rules for other accounts are not read; they keep
    /// their places as rules that match no account, so rule numbers are the
    /// token's own. The tokens carry no description or labels: they are for
    /// evaluation, not for printing.
    /// The rule rows of one account (?1) that `ec2Candidates` reads.
    static let candidateRulesSQL = """
        SELECT token_name, position, aws_regions, aws_role, roles, expires, aws_iid_ttl, aws_arn, aws_organization_id,
        aws_organizational_units
        FROM allow_rule WHERE aws_account = ?1 AND join_method = ?2
        """

    public func ec2Candidates(account: String) throws(StoreError) -> [ProvisionToken] {
        try candidates(method: .ec2, account: account)
    }

    /// Tokens of an AWS join method (ec2 or iam), sorted by name, with a rule
    /// for this account or for any account; as `ec2Candidates`.
    public func candidates(method: JoinMethod, account: String) throws(StoreError) -> [ProvisionToken] {
        try run {
            try reader.read { db in
                // Each range of the account index comes sorted by token and position: two runs merged,
                // rather than one query sorted by SQLite.
                let select = try RawStatement(db, Self.candidateRulesSQL)
                var parsed = CandidateParsing(path: path, method: method)
                let forAccount = try parsed.tokens(select, account: account)
                let forAnyAccount = account.isEmpty ? [] : try parsed.tokens(select, account: "")
                return CandidateParsing.merge(forAccount, forAnyAccount)
            }
        }
    }

    /// Stored (name, resource) rows as tokens.
    private func decode(_ rows: [(name: String, resource: String, joinMethod: String)]) throws(StoreError) -> [ProvisionToken] {
        var tokens: [ProvisionToken] = []
        tokens.reserveCapacity(rows.count)
        for (name, resource, joinMethod) in rows { tokens.append(try decode(resource, name: name, joinMethod: joinMethod)) }
        return tokens
    }

    private func decode(_ resource: String, name: String, joinMethod: String) throws(StoreError) -> ProvisionToken {
        guard let token = CanonicalResource.token(fromStoredText: resource), token.name.utf8.elementsEqual(name.utf8) else {
            // Named so the row can be found: masked only when its join_method column says it is a secret.
            let shown = joinMethod == JoinMethod.token.rawValue
                ? "\(quoted(SecretMask.mask(name))) (a \"token\"-method token, so its name is masked; \(name.count) characters)"
                : quoted(name)
            throw StoreError(.corrupt, "database \(path): the stored resource of token \(shown) does not parse; restore the database from a backup, or remove that token")
        }
        return token
    }

    /// `PRAGMA integrity_check`, for tests and diagnosis.
    public func integrityCheck() throws(StoreError) -> String {
        try run { try reader.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" } }
    }
}

/// A prepared statement driven through the SQLite C API (bound and stepped
/// without GRDB's per-call argument boxing), finalized with its owner.
final class RawStatement {
    private let handle: OpaquePointer
    private let connection: OpaquePointer
    private let sql: String
    private var boundText = BoundText()

    init(_ db: Database, _ sql: String) throws {
        guard let connection = db.sqliteConnection else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "the database connection is closed")
        }
        var handle: OpaquePointer?
        let code = sqlite3_prepare_v2(connection, sql, -1, &handle, nil)
        guard code == SQLITE_OK, let handle else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        }
        self.handle = handle
        self.connection = connection
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    func bind(_ index: Int32, _ text: String) {
        boundText.add(index, text)
    }

    func bind(_ index: Int32, _ value: Int64?) {
        if let value {
            sqlite3_bind_int64(handle, index, value)
        } else {
            sqlite3_bind_null(handle, index)
        }
    }

    /// Steps a one-column query: the first row's text, or nil when there is no row.
    func text() throws -> String? {
        try step { code in
            switch code {
            case SQLITE_ROW:
                guard let bytes = sqlite3_column_text(handle, 0) else { return nil }
                return String(cString: bytes)
            case SQLITE_DONE:
                return nil
            default:
                throw failure()
            }
        }
    }

    func run() throws {
        try step { code in
            guard code == SQLITE_DONE else { throw failure() }
        }
    }

    /// Binds the pending text, steps once, hands the result code to `body`
    /// while the row is readable, then resets the statement and unbinds
    /// everything: the text bytes are only valid inside this call.
    private func step<T>(_ body: (Int32) throws -> T) throws -> T {
        try withBoundText { try body(sqlite3_step(handle)) }
    }

    /// Steps through every row, handing each to `body` while it is readable.
    func forEachRow(_ body: (RawRow) throws -> Void) throws {
        try withBoundText {
            while true {
                switch sqlite3_step(handle) {
                case SQLITE_ROW: try body(RawRow(handle: handle))
                case SQLITE_DONE: return
                default: throw failure()
                }
            }
        }
    }

    /// Runs `body` with the pending text bound in place; resets and unbinds afterwards.
    private func withBoundText<T>(_ body: () throws -> T) throws -> T {
        defer { boundText.removeAll() }
        return try boundText.bytes.withUnsafeBufferPointer { buffer in
            defer {
                sqlite3_reset(handle)
                sqlite3_clear_bindings(handle)
            }
            guard let base = UnsafeRawPointer(buffer.baseAddress) else { throw failure() }
            for parameter in boundText.parameters {
                // A nil destructor is SQLITE_STATIC: SQLite neither copies nor frees the bytes.
                sqlite3_bind_text(
                    handle, parameter.index, (base + parameter.start).assumingMemoryBound(to: CChar.self), parameter.count, nil)
            }
            return try body()
        }
    }

    private func failure() -> DatabaseError {
        DatabaseError(
            resultCode: ResultCode(rawValue: sqlite3_extended_errcode(connection)),
            message: String(cString: sqlite3_errmsg(connection)), sql: sql)
    }
}

/// Turns allow_rule rows into candidate tokens for `TokenStore.ec2Candidates`.
private struct CandidateParsing {
    let path: String
    let method: JoinMethod
    /// A store has few distinct role lists and TTLs: each is parsed once.
    var roles: [String: [SystemRole]] = [:]
    var ttls: [String: GoDuration] = [:]

    init(path: String, method: JoinMethod) {
        self.path = path
        self.method = method
    }

    /// The tokens of one account's rules, in name order, each with those rules in their places.
    mutating func tokens(_ select: RawStatement, account: String) throws -> [ProvisionToken] {
        var tokens: [ProvisionToken] = []
        tokens.reserveCapacity(1024)
        var current = ""
        select.bind(1, account)
        select.bind(2, method.rawValue)
        try select.forEachRow { row in
            let name = row.text(0)
            if tokens.isEmpty || current != name {
                current = name
                let ttlText = row.text(6)
                // Only ec2 tokens have a TTL.
                guard let ttl = ttlText.isEmpty && method != .ec2 ? GoDuration(nanoseconds: 0) : ttls[ttlText] ?? (try? GoDuration.parse(ttlText)) else {
                    throw StoreError(
                        .corrupt,
                        "database \(path): the stored aws_iid_ttl of token \(quoted(name)) does not parse; restore the database from a backup, or remove that token")
                }
                ttls[ttlText] = ttl
                let rolesText = row.text(4)
                let parsedRoles = roles[rolesText] ?? rolesText.split(separator: ",").compactMap { SystemRole(String($0)) }
                roles[rolesText] = parsedRoles
                tokens.append(
                    ProvisionToken(
                        name: name, expires: row.optionalInteger(5).map { Timestamp(seconds: $0) }, roles: parsedRoles,
                        joinMethod: method, awsIIDTTL: method == .ec2 ? ttl : nil, allow: []))
            }
            let position = Int(row.optionalInteger(1) ?? 0)
            let last = tokens.count - 1
            // Rules for other accounts keep their places as rules that match no account.
            while tokens[last].allow.count < position - 1 { tokens[last].allow.append(.matchingNoAccount) }
            tokens[last].allow.append(
                AllowRule(
                    awsAccount: account, awsRegions: row.commaSeparated(2), awsRole: row.text(3), awsARN: row.text(7),
                    awsOrganizationID: row.text(8),
                    organizationalUnits: method == .iam ? TokenStore.organizationalUnits(fromText: row.text(9)) : nil))
        }
        return tokens
    }

    /// Two name-ordered runs as one; a token in both gets the rules of both, each in its place.
    static func merge(_ left: [ProvisionToken], _ right: [ProvisionToken]) -> [ProvisionToken] {
        guard !left.isEmpty else { return right }
        guard !right.isEmpty else { return left }
        var merged: [ProvisionToken] = []
        merged.reserveCapacity(left.count + right.count)
        var (i, j) = (0, 0)
        while i < left.count || j < right.count {
            if j == right.count || (i < left.count && bytewiseLess(left[i].name, right[j].name)) {
                merged.append(left[i])
                i += 1
            } else if i == left.count || bytewiseLess(right[j].name, left[i].name) {
                merged.append(right[j])
                j += 1
            } else {
                var token = left[i]
                let other = right[j].allow
                while token.allow.count < other.count { token.allow.append(.matchingNoAccount) }
                for (index, rule) in other.enumerated() where rule != .matchingNoAccount { token.allow[index] = rule }
                merged.append(token)
                i += 1
                j += 1
            }
        }
        return merged
    }
}

/// The current row of a `RawStatement`, read column by column.
struct RawRow {
    let handle: OpaquePointer

    /// A text column ("" for NULL), without an intermediate C string.
    func text(_ column: Int32) -> String {
        guard let bytes = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// A text column of comma-separated values (a rule's regions), split
    /// over its bytes: region names are short strings, stored inline.
    func commaSeparated(_ column: Int32) -> [String] {
        let text = bytes(column)
        guard !text.isEmpty else { return [] }
        var values: [String] = []
        var start = 0
        for index in 0...text.count where index == text.count || text[index] == UInt8(ascii: ",") {
            values.append(String(decoding: UnsafeBufferPointer(rebasing: text[start..<index]), as: UTF8.self))
            start = index + 1
        }
        return values
    }

    /// A text column's bytes, valid until the statement steps again.
    func bytes(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
        guard let bytes = sqlite3_column_text(handle, column) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, column)))
    }

    func optionalInteger(_ column: Int32) -> Int64? {
        sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, column)
    }
}

/// The text parameters of a statement, kept until it has stepped so SQLite
/// reads them in place instead of copying each value (a bulk create binds
/// well over a million). One value, so binding is one access to the
/// statement rather than one per array.
private struct BoundText {
    /// Starts with one byte so an empty value still has an address (a null one would bind NULL).
    private(set) var bytes: [UInt8] = [0]
    private(set) var parameters: [(index: Int32, start: Int, count: Int32)] = []

    mutating func add(_ index: Int32, _ text: String) {
        let start = bytes.count
        bytes.appendUTF8(of: text)
        parameters.append((index, start, Int32(bytes.count - start)))
    }

    mutating func removeAll() {
        bytes.removeSubrange(1...)
        parameters.removeAll(keepingCapacity: true)
    }
}
