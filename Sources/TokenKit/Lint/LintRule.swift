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

    /// The ec2 rules paired with their sources (the lists are parallel for valid tokens).
    var ec2Rules: [(number: Int, rule: AllowRule, source: AllowRuleSource)] {
        guard token.joinMethod == .ec2 else { return [] }
        return zip(token.allow, source.allow).enumerated().map { ($0.offset + 1, $0.element.0, $0.element.1) }
    }

    var allRules: [(number: Int, rule: AllowRule, source: AllowRuleSource)] {
        zip(token.allow, source.allow).enumerated().map { ($0.offset + 1, $0.element.0, $0.element.1) }
    }

    /// Each role with the source value it was read from.
    var roles: [(role: SystemRole, range: SourceRange)] {
        source.roles.compactMap { text in SystemRole(text.value).map { ($0, text.range) } }
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
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", !parts[1].isEmpty, parts[2] == "iam", parts[3].isEmpty,
            isAccountID(parts[4]), parts[5].hasPrefix("role/"), parts[5].count > "role/".count
        else { return nil }
        return String(parts[4])
    }

    static func isAccountID<S: StringProtocol>(_ text: S) -> Bool {
        text.utf8.count == 12 && text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }
}
