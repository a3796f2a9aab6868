/// What a lint rule looks at: a token that passed validation, the source it
/// came from (for positions), and the time "now" is.
public struct LintSubject: Sendable {
    public var token: ProvisionToken
    public var source: TokenSource
    public var now: Timestamp

    public init(token: ProvisionToken, source: TokenSource, now: Timestamp) {
        self.token = token
        self.source = source
        self.now = now
    }

    /// Indices of the allow rules: `token.allow[i]` and `source.allow[i]` are
    /// the same rule (the lists are parallel for valid tokens).
    var ruleIndices: Range<Int> { 0..<min(token.allow.count, source.allow.count) }

    /// The rule indices of an ec2 token (none for other join methods).
    var ec2RuleIndices: Range<Int> { token.joinMethod == .ec2 ? ruleIndices : 0..<0 }

    /// Each role (parallel to the source's role values for valid tokens).
    var roleIndices: Range<Int> { 0..<min(token.roles.count, source.roles.count) }

    var nameRange: SourceRange { source.name?.range ?? source.metadataAnchor }
}

/// A warning rule of SPEC §2.3: Teleport accepts the token, but it is risky.
/// One rule per file; its id, summary and severity live in `RuleID`.
public protocol LintRule: Sendable {
    var id: RuleID { get }
    func check(_ subject: LintSubject) -> [Finding]
}

public enum LintRules {
    public static let all: [any LintRule] = [
        LongIIDTTLRule(), NegativeIIDTTLRule(), AnyRegionRule(), AnyAccountRule(), AccountFormatRule(),
        UnknownRegionRule(), RoleARNFormatRule(), RoleAccountMismatchRule(), UnreachableRuleRule(),
        DuplicateRegionRule(), PrivilegedRoleRule(), SecretWithoutExpiryRule(), WeakSecretRule(), ExpiredRule(),
        BroadARNRule(), EC2UnsupportedRoleRule(),
    ]
}

/// AWS ARN pieces the rules share.
enum AWSARN {
    /// `arn:<partition>:iam::<12 digits>:role/<name>` → the account, or nil when malformed.
    static func roleAccount(_ arn: String) -> String? {
        guard arn.hasPrefix("arn:") else { return nil }
        let parts = arn.utf8.split(separator: UInt8(ascii: ":"), maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, !parts[1].isEmpty, parts[2].elementsEqual("iam".utf8), parts[3].isEmpty,
            parts[4].count == 12, parts[4].allSatisfy({ $0 >= 48 && $0 <= 57 }), parts[5].starts(with: "role/".utf8),
            parts[5].count > 5
        else { return nil }
        return String(decoding: parts[4], as: UTF8.self)
    }

    static func isAccountID<S: StringProtocol>(_ text: S) -> Bool {
        text.utf8.count == 12 && text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }
}
