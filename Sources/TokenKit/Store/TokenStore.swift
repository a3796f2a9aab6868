/// The token store the commands use (SPEC §3): an SQLite file by default, or
/// a PostgreSQL database a team shares (§3.1). The commands hold one through
/// this protocol and never know which engine it is; each engine keeps the
/// same tables (tokens with their canonical resource and query columns,
/// allow rules keyed by account) and gives the same answers.
public protocol TokenStore: Sendable {
    /// How messages name the store: a file path, or a URI without its password.
    var location: String { get }
    /// What the commands should tell the operator about the store (e.g. that others can read it).
    var warnings: [String] { get }

    /// Stores tokens in one transaction, all or none. With conflicts (existing names
    /// and no `force`) nothing is written; on a dry run nothing ever is.
    func save(_ tokens: [ProvisionToken], force: Bool, dryRun: Bool, now: Timestamp) throws(StoreError)
        -> [(name: String, action: SaveAction)]
    /// Deletes in one transaction; returns the names that were not there.
    func remove(_ names: [String]) throws(StoreError) -> (removed: [String], missing: [String])
    /// Names (with whether each is a secret) in byte-wise name order.
    func names(matching filter: TokenFilter) throws(StoreError) -> [(name: String, isSecret: Bool)]
    /// The same names, each handed over as the engine's bytes (valid only
    /// inside the call): a listing of every name makes no string per name.
    func forEachName(matching filter: TokenFilter, _ body: (_ name: UnsafeBufferPointer<UInt8>, _ isSecret: Bool) -> Void)
        throws(StoreError)
    /// The columns `list` shows, in name order.
    func summaries(matching filter: TokenFilter) throws(StoreError) -> [TokenSummary]
    /// Whole tokens by name, in the order asked, and the names that are not stored.
    func tokens(named names: [String]) throws(StoreError) -> (tokens: [ProvisionToken], missing: [String])
    /// Whole tokens that pass a filter, in name order.
    func tokens(matching filter: TokenFilter) throws(StoreError) -> [ProvisionToken]
    /// `check`'s candidates: tokens of an AWS join method (ec2 or iam) with a rule for this
    /// account or for any account, in name order, built from the allow-rule rows alone. With
    /// the document's `region` (ec2), a rule that lists only other regions is not built: a
    /// token left without rules fails allow_rules as it would with them.
    func candidates(method: JoinMethod, account: String, region: String?) throws(StoreError) -> [ProvisionToken]
    /// Every secret name (join method `token`).
    func secretNames() throws(StoreError) -> [String]
    /// Every secret name, as a redactor.
    func secretRedactor() throws(StoreError) -> SecretRedactor
    /// Every distinct `aws_role` of the stored ec2 rules, for `policy`.
    func ec2AssumedRoles() throws(StoreError) -> [String]
}

extension TokenStore {
    public func names() throws(StoreError) -> [String] {
        try names(matching: TokenFilter()).map(\.name)
    }

    public func tokens() throws(StoreError) -> [ProvisionToken] {
        try tokens(matching: TokenFilter())
    }

    public func summaries() throws(StoreError) -> [TokenSummary] {
        try summaries(matching: TokenFilter())
    }

    public func ec2Candidates(account: String, region: String? = nil) throws(StoreError) -> [ProvisionToken] {
        try candidates(method: .ec2, account: account, region: region)
    }

    /// Candidates with every rule for the account built.
    public func candidates(method: JoinMethod, account: String) throws(StoreError) -> [ProvisionToken] {
        try candidates(method: method, account: account, region: nil)
    }
}

/// Opens the store a location names: a PostgreSQL URI, else an SQLite file path.
public enum TokenStores {
    public static func open(location: String, mode: StoreOpenMode, busyTimeoutMilliseconds: Int = 5000) throws(StoreError)
        -> any TokenStore
    {
        if PostgresTokenStore.isURI(location) {
            return try PostgresTokenStore.open(uri: location, mode: mode, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        }
        return try SQLiteTokenStore.open(path: location, mode: mode, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
    }
}

public enum StoreOpenMode: Sendable {
    /// list, get, check: never create, never write (works on a read-only mount or role).
    case readOnly
    /// rm: writes, but a missing database is an error.
    case writeExisting
    /// create: make the database when missing.
    case createIfMissing
}

/// What `create` did (or, on a dry run, would do) with one token.
public enum SaveAction: String, Sendable {
    case created, updated, unchanged
    /// The name exists and replacing was not asked for; nothing was stored.
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


/// The column values both engines derive from a token: what the query
/// columns hold, written once so the engines store the same.
enum StoredColumns {
    static func resourceText(_ token: ProvisionToken) -> String {
        CanonicalResource.compactText(for: token)
    }

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

    /// Stored (name, resource) rows as tokens.
    static func decode(_ rows: [(name: String, resource: String, joinMethod: String)], location path: String) throws(StoreError) -> [ProvisionToken] {
        var tokens: [ProvisionToken] = []
        tokens.reserveCapacity(rows.count)
        for (name, resource, joinMethod) in rows { tokens.append(try decode(resource, name: name, joinMethod: joinMethod, location: path)) }
        return tokens
    }

    static func decode(_ resource: String, name: String, joinMethod: String, location path: String) throws(StoreError) -> ProvisionToken {
        guard let token = CanonicalResource.token(fromStoredText: resource), token.name.utf8.elementsEqual(name.utf8) else {
            // Named so the row can be found: masked only when its join_method column says it is a secret.
            let shown = joinMethod == JoinMethod.token.rawValue
                ? "\(quoted(SecretMask.mask(name))) (a \"token\"-method token, so its name is masked; \(name.count) characters)"
                : quoted(name)
            throw StoreError(.corrupt, "database \(path): the stored resource of token \(shown) does not parse; restore the database from a backup, or remove that token")
        }
        return token
    }
}
