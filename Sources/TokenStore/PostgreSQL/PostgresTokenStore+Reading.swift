import TokenKit
extension PostgresTokenStore {
    /// The WHERE clause and parameters of a `list` filter over `tokenctl.token t`, numbered from $1.
    private func condition(_ filter: TokenFilter) -> (sql: String, parameters: [String?]) {
        var conditions: [String] = []
        var parameters: [String?] = []
        func parameter(_ value: String) -> String {
            parameters.append(value)
            return "$\(parameters.count)"
        }
        if let method = filter.joinMethod { conditions.append("t.join_method = " + parameter(method.rawValue)) }
        if let role = filter.role { conditions.append("(',' || t.roles || ',') LIKE " + parameter("%," + role.name + ",%")) }
        for (key, value) in filter.labels {
            conditions.append("t.labels ->> \(parameter(key)) = \(parameter(value))")
        }
        return (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "), parameters)
    }

    public func names(matching filter: TokenFilter) throws(StoreError) -> [(name: String, isSecret: Bool)] {
        var names: [(name: String, isSecret: Bool)] = []
        try forEachName(matching: filter) { name, isSecret in names.append((String(decoding: name, as: UTF8.self), isSecret)) }
        return names
    }

    /// The names in byte order, each with whether it is a secret. Two
    /// queries a server can answer from its indexes alone (the primary key,
    /// and the secret names' partial index) once a vacuum has marked the
    /// pages visible, merged here: asking for `join_method` beside each name
    /// made it read every row and sort them.
    public func forEachName(matching filter: TokenFilter, _ body: (UnsafeBufferPointer<UInt8>, Bool) -> Void) throws(StoreError) {
        let (whereClause, parameters) = condition(filter)
        let (names, secrets) = try read { () throws(PostgresError) in
            (
                try connection.execute("SELECT t.name FROM tokenctl.token t" + whereClause + " ORDER BY t.name", parameters),
                try connection.execute("SELECT name FROM tokenctl.token WHERE join_method = 'token' ORDER BY name")
            )
        }
        // Both lists are in the column's collation, "C": byte order.
        var secret = 0
        for index in 0..<names.count {
            let name = names.row(index).bytes(0)
            while secret < secrets.count, compareBytes(secrets.row(secret).bytes(0), name) < 0 { secret += 1 }
            body(name, secret < secrets.count && compareBytes(secrets.row(secret).bytes(0), name) == 0)
        }
    }

    public func summaries(matching filter: TokenFilter) throws(StoreError) -> [TokenSummary] {
        let (whereClause, parameters) = condition(filter)
        return try read { () throws(PostgresError) in
            var labels: [String: [(key: String, value: String)]] = [:]
            for row in try connection.execute(
                "SELECT t.name, l.key, l.value FROM tokenctl.token t, jsonb_each_text(t.labels) l" + whereClause
                    + " ORDER BY t.name, l.key COLLATE \"C\"", parameters
            ).rows {
                labels[row.text(0), default: []].append((row.text(1), row.text(2)))
            }
            return try connection.execute(
                "SELECT t.name, t.join_method, t.roles, t.expires FROM tokenctl.token t" + whereClause + " ORDER BY t.name", parameters
            ).rows.map { row in
                let name = row.text(0)
                return TokenSummary(
                    name: name, joinMethod: row.text(1), roles: row.text(2).split(separator: ",").map(String.init),
                    labels: labels[name] ?? [], expires: row.optionalInteger(3).map { Timestamp(seconds: $0) })
            }
        }
    }

    public func tokens(named names: [String]) throws(StoreError) -> (tokens: [ProvisionToken], missing: [String]) {
        let rows = try read { () throws(PostgresError) in
            try connection.execute(
                "SELECT name, resource, join_method FROM tokenctl.token WHERE name = ANY($1::text[])", [PostgresArray.text(names)]
            ).rows.map { ($0.text(0), $0.text(1), $0.text(2)) }
        }
        // In the order asked (a name asked twice is given twice), byte for byte.
        var byName: [[UInt8]: (String, String, String)] = [:]
        for row in rows { byName[Array(row.0.utf8)] = row }
        let found = names.compactMap { byName[Array($0.utf8)] }
        let tokens = try StoredColumns.decode(found.map { (name: $0.0, resource: $0.1, joinMethod: $0.2) }, location: location)
        return (tokens, names.filter { byName[Array($0.utf8)] == nil })
    }

    public func tokens(matching filter: TokenFilter) throws(StoreError) -> [ProvisionToken] {
        let (whereClause, parameters) = condition(filter)
        let rows = try read { () throws(PostgresError) in
            try connection.execute(
                "SELECT t.name, t.resource, t.join_method FROM tokenctl.token t" + whereClause + " ORDER BY t.name", parameters
            ).rows.map { (name: $0.text(0), resource: $0.text(1), joinMethod: $0.text(2)) }
        }
        return try StoredColumns.decode(rows, location: location)
    }

    public func candidates(method: JoinMethod, account: String, region: String?) throws(StoreError) -> [ProvisionToken] {
        // The rule rows of the account and of any account, read in one transaction, then turned into tokens.
        let accounts: [String] = account.isEmpty ? [account] : [account, ""]
        let results = try read { () throws(PostgresError) in
            try accounts.map { (value: String) throws(PostgresError) -> (String, PostgresResult) in
                (
                    value,
                    try connection.execute(
                        """
                        SELECT token_name, position, aws_regions, aws_role, roles, expires, aws_iid_ttl, aws_arn, aws_organization_id,
                        aws_organizational_units FROM tokenctl.allow_rule WHERE aws_account = $1 AND join_method = $2
                        ORDER BY token_name, position
                        """, [value, method.rawValue])
                )
            }
        }
        var parsing = CandidateParsing(path: location, method: method, region: region)
        var forAccount = PostgresCursor(result: results[0].1)
        var forAnyAccount = results.count == 2 ? PostgresCursor(result: results[1].1) : nil
        do {
            return try parsing.tokens(account: account, &forAccount, anyAccount: &forAnyAccount)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.corrupt, "database \(location): \(error)")
        }
    }

    public func secretNames() throws(StoreError) -> [String] {
        try read { () throws(PostgresError) in
            try connection.execute("SELECT name FROM tokenctl.token WHERE join_method = 'token'").rows.map { $0.text(0) }
        }
    }

    public func secretRedactor() throws(StoreError) -> SecretRedactor {
        SecretRedactor(secrets: try secretNames())
    }

    public func ec2AssumedRoles() throws(StoreError) -> [String] {
        try read { () throws(PostgresError) in
            try connection.execute(
                "SELECT DISTINCT aws_role FROM tokenctl.allow_rule WHERE join_method = 'ec2' AND aws_role <> '' ORDER BY 1"
            ).rows.map { $0.text(0) }
        }
    }
}

/// Values in PostgreSQL's text formats: array literals and COPY rows.
enum PostgresArray {
    /// A `text[]` literal: every element double-quoted, `"` and `\` escaped.
    static func text(_ values: [String]) -> String {
        var literal = "{"
        for (index, value) in values.enumerated() {
            if index > 0 { literal += "," }
            literal += "\""
            for character in value.unicodeScalars {
                if character == "\"" || character == "\\" { literal += "\\" }
                literal.unicodeScalars.append(character)
            }
            literal += "\""
        }
        return literal + "}"
    }
}
