import TokenKit
import GRDB
import GRDBSQLite

extension SQLiteTokenStore {
    // MARK: Reading


    /// For benchmarks: steps the candidate query's rows without building anything.
    public func candidateRowCount(account: String) throws(StoreError) -> Int {
        try run {
            try reader.read { db in
                let select = try RawStatement(db, SQLiteTokenStore.candidateRulesSQL)
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
        let (sql, values) = conditionText(filter)
        return (sql, StatementArguments(values))
    }

    /// The WHERE clause and its text arguments, in order.
    private func conditionText(_ filter: TokenFilter) -> (sql: String, arguments: [String]) {
        var conditions: [String] = []
        var arguments: [String] = []
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
        return (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "), arguments)
    }

    public func forEachName(matching filter: TokenFilter, _ body: (UnsafeBufferPointer<UInt8>, Bool) -> Void) throws(StoreError) {
        let (whereClause, arguments) = conditionText(filter)
        try run {
            try reader.read { db in
                let select = try RawStatement(db, "SELECT t.name, t.join_method = 'token' FROM token t" + whereClause + " ORDER BY t.name")
                for (index, argument) in arguments.enumerated() { select.bind(Int32(index + 1), argument) }
                try select.forEachRow { row in body(row.bytes(0), row.optionalInteger(1) == 1) }
            }
        }
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

    public func summaries(matching filter: TokenFilter) throws(StoreError) -> [TokenSummary] {
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
        let tokens = try StoredColumns.decode(rows, location: path)
        // Byte for byte, as SQLite compares them: NFC and NFD spellings are two names.
        let found = Set(tokens.map { Array($0.name.utf8) })
        return (tokens, names.filter { !found.contains(Array($0.utf8)) })
    }

    /// Whole tokens that pass a `list` filter (all by default), sorted by name.
    public func tokens(matching filter: TokenFilter) throws(StoreError) -> [ProvisionToken] {
        let (whereClause, arguments) = condition(filter)
        let rows: [(String, String, String)] = try run {
            try reader.read { db in
                try Row.fetchAll(db, sql: "SELECT t.name, t.resource, t.join_method FROM token t" + whereClause + " ORDER BY t.name", arguments: arguments)
                    .map { ($0[0], $0[1], $0[2]) }
            }
        }
        return try StoredColumns.decode(rows, location: path)
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


    /// Tokens of an AWS join method (ec2 or iam), sorted by name, with a rule
    /// for this account or for any account; as `ec2Candidates`.
    public func candidates(method: JoinMethod, account: String, region: String?) throws(StoreError) -> [ProvisionToken] {
        try run {
            try reader.read { db in
                // Each range of the account index comes sorted by token and position: two runs merged
                // row by row, rather than one query sorted by SQLite.
                let forAccount = try RawStatement(db, SQLiteTokenStore.candidateRulesSQL)
                let forAnyAccount = try RawStatement(db, SQLiteTokenStore.candidateRulesSQL)
                forAccount.bind(1, account)
                forAccount.bind(2, method.rawValue)
                forAnyAccount.bind(1, "")
                forAnyAccount.bind(2, method.rawValue)
                var parsing = CandidateParsing(path: path, method: method, region: region)
                return try forAccount.withCursor { accountRows in
                    guard !account.isEmpty else {
                        var none: RawCursor? = nil
                        return try parsing.tokens(account: account, &accountRows, anyAccount: &none)
                    }
                    return try forAnyAccount.withCursor { anyRows in
                        var anyAccountRows: RawCursor? = anyRows
                        return try parsing.tokens(account: account, &accountRows, anyAccount: &anyAccountRows)
                    }
                }
            }
        }
    }

    /// `PRAGMA integrity_check`, for tests and diagnosis.
    public func integrityCheck() throws(StoreError) -> String {
        try run { try reader.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" } }
    }
}
