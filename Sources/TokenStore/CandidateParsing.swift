import TokenKit

/// One allow-rule row of `check`'s candidate query. Both engines select the
/// same columns in this order: token_name, position, aws_regions, aws_role,
/// roles, expires, aws_iid_ttl, aws_arn, aws_organization_id,
/// aws_organizational_units.
protocol CandidateRuleRow {
    func text(_ column: Int32) -> String
    /// The column's bytes in place, valid until the row moves on.
    func bytes(_ column: Int32) -> UnsafeBufferPointer<UInt8>
    func optionalInteger(_ column: Int32) -> Int64?
}

/// The rows of one candidate query (one account's rules), sorted by token
/// name (byte-wise) and position, read one at a time.
protocol CandidateRowCursor {
    associatedtype Row: CandidateRuleRow
    /// Moves to the next row; false after the last.
    mutating func advance() throws -> Bool
    /// The current row (after `advance` returned true).
    var row: Row { get }
}

/// Turns allow-rule rows into candidate tokens for `TokenStore.candidates`:
/// each rule row carries its token's roles, expiry and TTL, so no token row
/// and no resource is read. Only the rules for the account evaluated and
/// for any account are read, as two sorted runs merged row by row (each
/// token is built once); the token's other rules keep their places as rules
/// that match no account, so rule numbers are the token's own. The tokens
/// carry no description or labels: they are for evaluation.
struct CandidateParsing {
    let path: String
    let method: JoinMethod
    /// The region of the document evaluated (ec2), when known: a rule whose
    /// regions are listed and none of them can be it is not built, since it
    /// cannot match (the evaluator still decides every rule that is built).
    let region: [UInt8]?
    /// A store has few distinct role lists, TTLs and region lists: each is parsed once.
    private var roles = BytesMemo<[SystemRole]>()
    private var ttls = BytesMemo<GoDuration?>()
    private var regions = BytesMemo<[String]>()
    private var assumedRoles = BytesMemo<String>()

    init(path: String, method: JoinMethod, region: String? = nil) {
        self.path = path
        self.method = method
        // ASCII on both sides only: there Swift's string equality, which the evaluator uses, is byte equality.
        self.region = method == .ec2 ? region.flatMap { $0.utf8.allSatisfy { $0 < 0x80 } ? Array($0.utf8) : nil } : nil
    }

    /// The tokens of the rows of `account` and, when `anyAccount` is given,
    /// of the rules for any account, in name order.
    mutating func tokens<Cursor: CandidateRowCursor>(
        account: String, _ forAccount: inout Cursor, anyAccount: inout Cursor?
    ) throws -> [ProvisionToken] {
        var tokens: [ProvisionToken] = []
        tokens.reserveCapacity(1024)
        var hasAccountRow = try forAccount.advance()
        var hasAnyRow = try anyAccount?.advance() ?? false
        var current = TokenUnderConstruction()
        while hasAccountRow || hasAnyRow {
            // The lower (name, position) of the two runs' rows goes next.
            let takeAccount = hasAccountRow && (!hasAnyRow || Self.precedes(forAccount.row, anyAccount!.row))
            if takeAccount {
                try add(forAccount.row, account: account, to: &current, tokens: &tokens)
                hasAccountRow = try forAccount.advance()
            } else {
                try add(anyAccount!.row, account: "", to: &current, tokens: &tokens)
                hasAnyRow = try anyAccount!.advance()
            }
        }
        if let token = current.finish() { tokens.append(token) }
        return tokens
    }

    /// Whether row `a` sorts before row `b`: by token name byte-wise, then position.
    private static func precedes<A: CandidateRuleRow, B: CandidateRuleRow>(_ a: A, _ b: B) -> Bool {
        let order = compareBytes(a.bytes(0), b.bytes(0))
        return order != 0 ? order < 0 : (a.optionalInteger(1) ?? 0) < (b.optionalInteger(1) ?? 0)
    }

    private mutating func add<Row: CandidateRuleRow>(
        _ row: Row, account: String, to current: inout TokenUnderConstruction, tokens: inout [ProvisionToken]
    ) throws {
        let nameBytes = row.bytes(0)
        if !current.isNamed(nameBytes) {
            if let token = current.finish() { tokens.append(token) }
            try current.start(row, nameBytes: nameBytes, parsing: &self)
        }
        let regionBytes = row.bytes(2)
        // A necessary condition only (the region's bytes appear in the list): the evaluator checks the list.
        if let region, !regionBytes.isEmpty, !regionBytes.contains(where: { $0 >= 0x80 }), !Self.contains(regionBytes, region) { return }
        let position = Int(row.optionalInteger(1) ?? 0)
        let assumedRole = row.bytes(3)
        current.addRule(
            at: position,
            AllowRule(
                awsAccount: account, awsRegions: regions.value(for: regionBytes) { Self.split($0) },
                awsRole: assumedRole.isEmpty ? "" : assumedRoles.value(for: assumedRole) { $0 }, awsARN: row.text(7),
                awsOrganizationID: row.text(8),
                organizationalUnits: method == .iam ? StoredColumns.organizationalUnits(fromText: row.text(9)) : nil))
    }

    /// The roles, expiry and TTL a token's first row carries.
    fileprivate mutating func header<Row: CandidateRuleRow>(_ row: Row, name: String) throws -> ProvisionToken {
        let ttlBytes = row.bytes(6)
        var ttl = GoDuration(nanoseconds: 0)
        // Only ec2 tokens have a TTL.
        if !(ttlBytes.isEmpty && method != .ec2) {
            guard let parsed = ttls.value(for: ttlBytes, { try? GoDuration.parse($0) }) else {
                throw StoreError(
                    .corrupt,
                    "database \(path): the stored aws_iid_ttl of token \(quoted(name)) does not parse; restore the database from a backup, or remove that token")
            }
            ttl = parsed
        }
        let parsedRoles = roles.value(for: row.bytes(4)) { text in text.split(separator: ",").compactMap { SystemRole(String($0)) } }
        return ProvisionToken(
            name: name, expires: row.optionalInteger(5).map { Timestamp(seconds: $0) }, roles: parsedRoles,
            joinMethod: method, awsIIDTTL: method == .ec2 ? ttl : nil, allow: [])
    }

    /// Whether `needle` occurs in `haystack`, byte-wise.
    private static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count, let first = needle.first else { return needle.isEmpty }
        for start in 0...(haystack.count - needle.count) where haystack[start] == first {
            if (1..<needle.count).allSatisfy({ haystack[start + $0] == needle[$0] }) { return true }
        }
        return false
    }

    private static func split(_ text: String) -> [String] {
        text.isEmpty ? [] : text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
}

/// The token whose rows are being read: its header from the first row, its
/// rules as they come (one that cannot match is not built: a token none of
/// whose rules can match comes without rules, and fails allow_rules alike).
private struct TokenUnderConstruction {
    private var name: [UInt8] = []
    private var token: ProvisionToken?
    private var rules: [AllowRule] = []

    func isNamed(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        token != nil && name.count == bytes.count && compareBytes(name, bytes) == 0
    }

    mutating func start<Row: CandidateRuleRow>(_ row: Row, nameBytes: UnsafeBufferPointer<UInt8>, parsing: inout CandidateParsing) throws {
        name.removeAll(keepingCapacity: true)
        name.append(contentsOf: nameBytes)
        token = try parsing.header(row, name: String(decoding: nameBytes, as: UTF8.self))
        rules.removeAll(keepingCapacity: true)
    }

    /// A rule at its 1-based position; the rules before it that were not read (other accounts') keep their places.
    mutating func addRule(at position: Int, _ rule: AllowRule) {
        while rules.count < position - 1 { rules.append(.matchingNoAccount) }
        rules.append(rule)
    }

    mutating func finish() -> ProvisionToken? {
        guard var finished = token.take() else { return nil }
        finished.allow = rules
        return finished
    }
}

/// Values parsed from column bytes, each distinct spelling parsed once and
/// found again by a hash of its bytes: no string is made for a spelling seen
/// before (a fleet's rules share a few hundred region lists and roles).
private struct BytesMemo<Value> {
    private var entries: [(bytes: [UInt8], value: Value)] = []
    /// Hash of the bytes to the entries with it.
    private var byHash: [Int: [Int]] = [:]
    /// The entry found last: rows of one token, and neighbouring tokens, often repeat it.
    private var last: Int?

    /// The value of these bytes: remembered, or parsed now (a failed parse is a nil `Value`, remembered too).
    mutating func value(for bytes: UnsafeBufferPointer<UInt8>, _ parse: (String) -> Value) -> Value {
        if let last, entries[last].bytes.count == bytes.count, compareBytes(entries[last].bytes, bytes) == 0 {
            return entries[last].value
        }
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
        let hash = hasher.finalize()
        if let candidates = byHash[hash] {
            for index in candidates where entries[index].bytes.count == bytes.count && compareBytes(entries[index].bytes, bytes) == 0 {
                last = index
                return entries[index].value
            }
        }
        let value = parse(String(decoding: bytes, as: UTF8.self))
        byHash[hash, default: []].append(entries.count)
        last = entries.count
        entries.append((Array(bytes), value))
        return value
    }
}
