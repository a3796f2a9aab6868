import TokenKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The token store in a PostgreSQL database a team shares (SPEC §3.1):
/// tokenctl's tables in a schema of their own (`tokenctl`), created on the
/// first write, migrated under an advisory lock; reads in read-only
/// transactions (a read-only role will do), writes all or none in one
/// serialisable transaction, retried on serialisation failures and deadlocks.
public final class PostgresTokenStore: TokenStore {
    /// The URI without its password.
    public let location: String
    public let warnings: [String] = []
    let connection: PostgresConnection
    let isReadOnly: Bool

    private init(location: String, connection: PostgresConnection, isReadOnly: Bool) {
        self.location = location
        self.connection = connection
        self.isReadOnly = isReadOnly
    }

    /// Whether a store location names a PostgreSQL database rather than a file.
    public static func isURI(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// The URI as messages show it: any password (in the user part or a `password=` parameter) removed.
    public static func displayURI(_ uri: String) -> String {
        guard let scheme = uri.range(of: "://") else { return uri }
        var rest = uri[scheme.upperBound...]
        var shown = String(uri[..<scheme.upperBound])
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        if let at = rest[..<authorityEnd].lastIndex(of: "@") {
            let user = rest[..<at]
            shown += (user.split(separator: ":", maxSplits: 1).first.map(String.init) ?? "") + "@"
            rest = rest[rest.index(after: at)...]
        }
        guard let query = rest.firstIndex(of: "?") else { return shown + rest }
        let parameters = rest[rest.index(after: query)...].split(separator: "&").filter { !$0.lowercased().hasPrefix("password=") }
        return shown + rest[..<query] + (parameters.isEmpty ? "" : "?" + parameters.joined(separator: "&"))
    }

    /// The migrations, in order; each one's statements run in the migrating transaction.
    static let migrations: [(id: String, sql: String)] = [
        (
            "v1: tokens, allow rules",
            """
            CREATE TABLE tokenctl.token (
                name text COLLATE "C" PRIMARY KEY,
                join_method text NOT NULL,
                roles text NOT NULL,
                labels jsonb NOT NULL,
                expires bigint,
                rule_accounts jsonb NOT NULL,
                resource text NOT NULL,
                revision integer NOT NULL,
                created_at text NOT NULL,
                updated_at text NOT NULL
            );
            CREATE INDEX token_secret_name ON tokenctl.token (name) WHERE join_method = 'token';
            CREATE TABLE tokenctl.allow_rule (
                aws_account text COLLATE "C" NOT NULL,
                token_name text COLLATE "C" NOT NULL REFERENCES tokenctl.token (name) ON DELETE CASCADE,
                position integer NOT NULL,
                aws_regions text NOT NULL,
                aws_role text NOT NULL,
                aws_arn text NOT NULL,
                aws_organization_id text NOT NULL,
                join_method text NOT NULL,
                roles text NOT NULL,
                expires bigint,
                aws_iid_ttl text NOT NULL,
                aws_organizational_units text NOT NULL,
                PRIMARY KEY (aws_account, token_name, position)
            );
            CREATE INDEX allow_rule_token ON tokenctl.allow_rule (token_name);
            """
        )
    ]

    static let ownTables: Set<String> = ["migrations", "token", "allow_rule"]
    /// pg_advisory_xact_lock key for migrations: any constant other applications are unlikely to use.
    static let migrationLock = "7420183318221655041"

    public static func open(uri: String, mode: StoreOpenMode, busyTimeoutMilliseconds: Int) throws(StoreError) -> PostgresTokenStore {
        let display = displayURI(uri)
        let connection = try PostgresConnection.connect(uri: uri, display: display)
        let store = PostgresTokenStore(location: display, connection: connection, isReadOnly: mode == .readOnly)
        _ = try store.run { () throws(PostgresError) in
            try connection.execute("SET lock_timeout = '\(max(busyTimeoutMilliseconds, 1))ms'")
        }
        let schema = try store.run { () throws(PostgresError) in try store.inspect() }
        switch (schema, mode) {
        case (.current, _): return store
        case (.blank, .readOnly), (.blank, .writeExisting):
            throw StoreError(.missing, "no database at \(display)")
        case (.older, .readOnly):
            throw StoreError(
                .olderSchema,
                "database \(display) was written by an earlier tokenctl; commands that only read never change it, so upgrade it once with a command that writes (create, rm)")
        default:
            try store.migrate()
            return store
        }
    }

    enum Schema { case blank, current, older }

    /// What schema tokenctl holds: refused when it has tables that are not tokenctl's, or a newer schema.
    private func inspect() throws(PostgresError) -> Schema {
        let tables = try connection.execute(
            """
            SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'tokenctl' AND c.relkind IN ('r', 'v', 'm', 'p', 'f') ORDER BY 1
            """
        ).rows.map { $0.text(0) }
        guard !tables.isEmpty else { return .blank }
        let applied = tables.contains("migrations") ? try connection.execute("SELECT id FROM tokenctl.migrations").rows.map { $0.text(0) } : []
        let known = Set(Self.migrations.map(\.id))
        let unknown = applied.filter { !known.contains($0) }.sorted()
        if !unknown.isEmpty {
            throw PostgresError(
                refusal: StoreError(
                    .newerSchema,
                    "database \(location) was written by a newer tokenctl (unknown schema migrations: \(unknown.joined(separator: ", "))); upgrade tokenctl; it was left unchanged"
                ))
        }
        let foreign = tables.filter { !Self.ownTables.contains($0) }
        guard foreign.isEmpty, tables.contains("migrations") else {
            let listed = (foreign.isEmpty ? tables : foreign).prefix(5).map(quoted).joined(separator: ", ")
            throw PostgresError(
                refusal: StoreError(
                    .notADatabase,
                    "schema tokenctl in \(location) holds tables tokenctl does not own or record (\(listed)); it was left unchanged (is the database right?)"
                ))
        }
        if applied.count == Self.migrations.count { return .current }
        return applied.isEmpty ? .blank : .older
    }

    /// Creates or upgrades the schema; several clients may do it at once: the advisory lock
    /// orders them, and each statement (READ COMMITTED) sees what the one before it committed.
    private func migrate() throws(StoreError) {
        try run { () throws(PostgresError) in
            try connection.execute("BEGIN TRANSACTION ISOLATION LEVEL READ COMMITTED")
            do throws(PostgresError) {
                try connection.execute("SELECT pg_advisory_xact_lock(\(Self.migrationLock))")
                try connection.execute("CREATE SCHEMA IF NOT EXISTS tokenctl")
                // Looked at again under the lock: another client may have migrated meanwhile.
                _ = try inspect()
                try connection.execute(
                    "CREATE TABLE IF NOT EXISTS tokenctl.migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")
                let applied = Set(try connection.execute("SELECT id FROM tokenctl.migrations").rows.map { $0.text(0) })
                for migration in Self.migrations where !applied.contains(migration.id) {
                    try connection.execute(migration.sql)
                    try connection.execute("INSERT INTO tokenctl.migrations (id) VALUES ($1)", [migration.id])
                }
                try connection.execute("COMMIT")
            } catch {
                _ = try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }

    // MARK: Transactions

    func run<T>(_ body: () throws(PostgresError) -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch {
            throw error.storeError(location)
        }
    }

    /// A read-only transaction: a consistent view, and nothing written even by mistake.
    func read<T>(_ body: () throws(PostgresError) -> T) throws(StoreError) -> T {
        try run { () throws(PostgresError) -> T in
            try connection.execute("BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            do throws(PostgresError) {
                let value = try body()
                try connection.execute("COMMIT")
                return value
            } catch {
                _ = try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// A serialisable transaction, run again (a bounded number of times) on serialisation failures and deadlocks.
    /// The body returns whether to commit.
    @discardableResult
    func write<T>(_ body: () throws(PostgresError) -> T, commit: (T) -> Bool = { _ in true }) throws(StoreError) -> T {
        guard !isReadOnly else { throw StoreError(.readOnly, "database \(location) was opened read-only") }
        var attempt = 0
        while true {
            attempt += 1
            do throws(PostgresError) {
                try connection.execute("BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE")
                let value = try body()
                try connection.execute(commit(value) ? "COMMIT" : "ROLLBACK")
                return value
            } catch {
                _ = try? connection.execute("ROLLBACK")
                if error.isRetriable && attempt < 10 {
                    usleep(UInt32(1_000 * attempt * attempt) + UInt32.random(in: 0..<5_000))
                    continue
                }
                throw error.storeError(location)
            }
        }
    }
}
