import TokenKit
import GRDB
import GRDBSQLite

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The token database: SQLite through GRDB, WAL mode, named migrations.
/// Owns the pool and every SQL statement; nothing else imports GRDB.
public final class SQLiteTokenStore: TokenStore {
    public let path: String
    /// Where reads go: the pool of a writer, or a read-only connection.
    let reader: any DatabaseReader
    /// Nil for a store opened read-only.
    let pool: DatabasePool?

    public var location: String { path }

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
                        -- A JSON object with sorted keys; a listing by labels filters with json_extract.
                        labels TEXT NOT NULL,
                        expires INTEGER,
                        -- A JSON array of the accounts this token's allow_rule rows are filed under.
                        rule_accounts TEXT NOT NULL,
                        resource TEXT NOT NULL,
                        revision INTEGER NOT NULL,
                        created_at TEXT NOT NULL,
                        updated_at TEXT NOT NULL
                    ) WITHOUT ROWID;
                    -- Covers a listing of names without reading the resources.
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
    public static func open(path: String, mode: StoreOpenMode, busyTimeoutMilliseconds: Int = 5000) throws(StoreError)
        -> SQLiteTokenStore
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
                    return SQLiteTokenStore(path: path, reader: inspector, pool: nil, warnings: warnings)
                }
                // Checked before the writer connection opens: opening it already writes.
                if schema != .blank, let inspector { try inspector.read(refuseCorruption) }
                let pool = try DatabasePool(path: path, configuration: configuration)
                if schema != .current {
                    try migrator.migrate(pool)
                }
                return SQLiteTokenStore(path: path, reader: pool, pool: pool, warnings: warnings)
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

    func writer() throws(StoreError) -> DatabasePool {
        guard let pool else { throw StoreError(.readOnly, "database \(path) was opened read-only") }
        return pool
    }

    static func storeError(_ error: DatabaseError, path: String) -> StoreError {
        let detail = error.message ?? "\(error.resultCode)"
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StoreError(
                .locked, "database \(path) is locked by another process and stayed locked past the busy timeout; try again",
                remedy: .longerBusyTimeout)
        case .SQLITE_NOTADB:
            return StoreError(.notADatabase, "\(path) is not a tokenctl database (\(detail))", remedy: .otherLocation)
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

    func run<T>(_ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw SQLiteTokenStore.storeError(error, path: path)
        } catch {
            throw StoreError(.other, "database \(path): \(error)")
        }
    }
}
