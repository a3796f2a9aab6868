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

    package init(name: String, joinMethod: String, roles: [String], labels: [(key: String, value: String)], expires: Timestamp?) {
        self.name = name
        self.joinMethod = joinMethod
        self.roles = roles
        self.labels = labels
        self.expires = expires
    }

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
