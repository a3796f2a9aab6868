import TokenKit
import GRDB
import GRDBSQLite

extension SQLiteTokenStore {
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
                        let resource = { entry.resource ?? StoredColumns.resourceText(token) }
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
            // As tctl create: replacing an existing name must be asked for, even when nothing would change.
            guard force else { return (token.name, .conflict, nil) }
            let resource = StoredColumns.resourceText(token)
            return (token.name, stored == resource ? .unchanged : .updated, resource)
        }
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
            deleteRules = try RawStatement(db, SQLiteTokenStore.deleteRulesSQL)
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
            statement.bind(4, StoredColumns.labelsText(token.labels))
            statement.bind(5, token.expires?.seconds)
            statement.bind(6, StoredColumns.accountsText(token.allow))
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
                insertRule.bind(12, StoredColumns.organizationalUnitsText(allow.organizationalUnits))
                try insertRule.run()
            }
        }
    }

    /// Deletes a token's allow rules (?1: its name) through the accounts it filed them under.
    static let deleteRulesSQL = """
        DELETE FROM allow_rule WHERE token_name = ?1 AND aws_account IN (
            SELECT value FROM json_each((SELECT rule_accounts FROM token WHERE name = ?1)))
        """





    /// Deletes in one transaction; returns the names that were not there.
    public func remove(_ names: [String]) throws(StoreError) -> (removed: [String], missing: [String]) {
        let pool = try writer()
        return try run {
            try pool.write { db in
                var removed: [String] = []
                var missing: [String] = []
                let deleteRules = try db.cachedStatement(sql: SQLiteTokenStore.deleteRulesSQL)
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
    static func refuseCorruption(_ db: Database) throws {
        let problems = try String.fetchAll(db, sql: "PRAGMA quick_check(5)")
        guard problems != ["ok"] else { return }
        // One line for the message: the first few problems, without SQLite's banner.
        let lines = problems.flatMap { $0.split(separator: "\n") }.filter { !$0.hasPrefix("***") }
        throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "quick_check found: " + lines.prefix(3).joined(separator: "; "))
    }
}
