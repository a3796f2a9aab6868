/// What a lint rule looks at: a token that passed validation, the source it
/// came from (for positions), and the time "now" is.
public struct LintSubject: Sendable {
    public var token: ProvisionToken
    public var source: TokenSource
    public var now: Timestamp

    /// Every allow rule with its 1-based number and its source (the lists are parallel for valid tokens).
    let allRules: [(number: Int, rule: AllowRule, source: AllowRuleSource)]
    /// Each role with the source value it was read from.
    let roles: [(role: SystemRole, range: SourceRange)]

    public init(token: ProvisionToken, source: TokenSource, now: Timestamp) {
        self.token = token
        self.source = source
        self.now = now
        allRules = zip(token.allow, source.allow).enumerated().map { ($0.offset + 1, $0.element.0, $0.element.1) }
        roles = zip(token.roles, source.roles).map { ($0, $1.range) }
    }

    /// The rules of an ec2 token (none for other join methods).
    var ec2Rules: [(number: Int, rule: AllowRule, source: AllowRuleSource)] {
        token.joinMethod == .ec2 ? allRules : []
    }

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
