/// One allow-rule row of `check`'s candidate query. Both engines select the
/// same columns in this order: token_name, position, aws_regions, aws_role,
/// roles, expires, aws_iid_ttl, aws_arn, aws_organization_id,
/// aws_organizational_units.
protocol CandidateRuleRow {
    func text(_ column: Int32) -> String
    func commaSeparated(_ column: Int32) -> [String]
    func optionalInteger(_ column: Int32) -> Int64?
}

/// Turns allow-rule rows into candidate tokens for `TokenStore.candidates`:
/// each rule row carries its token's roles, expiry and TTL, so no token row
/// and no resource is read. Only the rules for the account evaluated (and
/// for any account) are read; the token's other rules keep their places as
/// rules that match no account, so rule numbers are the token's own. The
/// tokens carry no description or labels: they are for evaluation.
struct CandidateParsing {
    let path: String
    let method: JoinMethod
    /// A store has few distinct role lists and TTLs: each is parsed once.
    var roles: [String: [SystemRole]] = [:]
    var ttls: [String: GoDuration] = [:]

    init(path: String, method: JoinMethod) {
        self.path = path
        self.method = method
    }

    /// The tokens of one account's rules (rows sorted by token and position), each with those rules in their places.
    mutating func tokens(account: String, rows: ((any CandidateRuleRow) throws -> Void) throws -> Void) throws -> [ProvisionToken] {
        var tokens: [ProvisionToken] = []
        tokens.reserveCapacity(1024)
        var current = ""
        try rows { row in
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
                    organizationalUnits: method == .iam ? StoredColumns.organizationalUnits(fromText: row.text(9)) : nil))
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

