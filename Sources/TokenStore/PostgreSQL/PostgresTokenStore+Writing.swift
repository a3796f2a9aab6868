import TokenKit
extension PostgresTokenStore {
    public func save(_ tokens: [ProvisionToken], force: Bool, dryRun: Bool, now: Timestamp) throws(StoreError)
        -> [(name: String, action: SaveAction)]
    {
        let stamp = now.description
        let plan = try write({ () throws(PostgresError) -> [(name: String, action: SaveAction)] in
            // What is stored under these names: compared with, and kept (creation time, revision) when replaced.
            var stored: [[UInt8]: (resource: String, revision: Int64, createdAt: String)] = [:]
            for row in try connection.execute(
                "SELECT name, resource, revision, created_at FROM tokenctl.token WHERE name = ANY($1::text[]) FOR UPDATE",
                [PostgresArray.text(tokens.map(\.name))]
            ).rows {
                stored[Array(row.text(0).utf8)] = (row.text(1), row.optionalInteger(2) ?? 1, row.text(3))
            }
            var actions: [(name: String, action: SaveAction)] = []
            var tokenRows = CopyRows()
            var ruleRows = CopyRows()
            var replaced: [String] = []
            for token in tokens {
                let resource = StoredColumns.resourceText(token)
                let action: SaveAction
                var revision: Int64 = 1
                var createdAt = stamp
                if let existing = stored[Array(token.name.utf8)] {
                    // As tctl create: replacing an existing name must be asked for, even when nothing would change.
                    action = !force ? .conflict : (existing.resource == resource ? .unchanged : .updated)
                    revision = existing.revision + 1
                    createdAt = existing.createdAt
                } else {
                    action = .created
                }
                actions.append((token.name, action))
                guard action == .created || action == .updated else { continue }
                if action == .updated { replaced.append(token.name) }
                let roles = token.roles.map(\.name).joined(separator: ",")
                tokenRows.add([
                    token.name, token.joinMethod.rawValue, roles, StoredColumns.labelsText(token.labels),
                    token.expires.map { String($0.seconds) }, StoredColumns.accountsText(token.allow), resource, String(revision),
                    createdAt, stamp,
                ])
                for (position, rule) in token.allow.enumerated() {
                    ruleRows.add([
                        rule.awsAccount, token.name, String(position + 1), rule.awsRegions.joined(separator: ","), rule.awsRole,
                        rule.awsARN, rule.awsOrganizationID, token.joinMethod.rawValue, roles, token.expires.map { String($0.seconds) },
                        token.awsIIDTTL?.description ?? "", StoredColumns.organizationalUnitsText(rule.organizationalUnits),
                    ])
                }
            }
            guard !dryRun, !actions.contains(where: { $0.action == .conflict }) else { return actions }
            if !replaced.isEmpty {
                // The rules go with their token (ON DELETE CASCADE).
                try connection.execute("DELETE FROM tokenctl.token WHERE name = ANY($1::text[])", [PostgresArray.text(replaced)])
            }
            if !tokenRows.isEmpty {
                try connection.copy(
                    "COPY tokenctl.token (name, join_method, roles, labels, expires, rule_accounts, resource, revision, created_at, updated_at) FROM STDIN",
                    rows: tokenRows.bytes)
            }
            if !ruleRows.isEmpty {
                try connection.copy(
                    """
                    COPY tokenctl.allow_rule (aws_account, token_name, position, aws_regions, aws_role, aws_arn, aws_organization_id,
                    join_method, roles, expires, aws_iid_ttl, aws_organizational_units) FROM STDIN
                    """, rows: ruleRows.bytes)
            }
            return actions
        }, commit: { actions in !dryRun && !actions.contains { $0.action == .conflict } })
        return plan
    }

    public func remove(_ names: [String]) throws(StoreError) -> (removed: [String], missing: [String]) {
        let deleted = try write { () throws(PostgresError) -> Set<[UInt8]> in
            Set(
                try connection.execute(
                    "DELETE FROM tokenctl.token WHERE name = ANY($1::text[]) RETURNING name", [PostgresArray.text(names)]
                ).rows.map { Array($0.text(0).utf8) })
        }
        var removed: [String] = []
        var missing: [String] = []
        var seen: Set<[UInt8]> = []
        for name in names {
            let key = Array(name.utf8)
            // A name given twice is removed once, then missing (as one DELETE after another would find it).
            if deleted.contains(key) && seen.insert(key).inserted { removed.append(name) } else { missing.append(name) }
        }
        return (removed, missing)
    }
}

/// Rows in COPY's text format: tab-separated, `\N` for NULL, backslash escapes.
struct CopyRows {
    private(set) var bytes: [UInt8] = []
    var isEmpty: Bool { bytes.isEmpty }

    mutating func add(_ values: [String?]) {
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(0x09) }
            guard let value else {
                bytes += [UInt8(ascii: "\\"), UInt8(ascii: "N")]
                continue
            }
            for byte in value.utf8 {
                switch byte {
                case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
                case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
                case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
                case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
                default: bytes.append(byte)
                }
            }
        }
        bytes.append(0x0A)
    }
}
