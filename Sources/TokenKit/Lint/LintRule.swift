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
        // Scanned in place: every allow rule of every token goes through here.
        var colons: [String.UTF8View.Index] = []
        colons.reserveCapacity(5)
        let utf8 = arn.utf8
        var index = utf8.startIndex
        while index != utf8.endIndex, colons.count < 5 {
            if utf8[index] == UInt8(ascii: ":") { colons.append(index) }
            index = utf8.index(after: index)
        }
        guard colons.count == 5 else { return nil }
        func part(_ number: Int) -> Substring.UTF8View {
            let start = number == 0 ? utf8.startIndex : utf8.index(after: colons[number - 1])
            let end = number == 5 ? utf8.endIndex : colons[number]
            return arn[start..<end].utf8
        }
        let account = part(4)
        guard part(0).elementsEqual("arn".utf8), !part(1).isEmpty, part(2).elementsEqual("iam".utf8), part(3).isEmpty,
            account.count == 12, account.allSatisfy({ $0 >= 48 && $0 <= 57 }), part(5).starts(with: "role/".utf8),
            part(5).count > 5
        else { return nil }
        return String(decoding: account, as: UTF8.self)
    }

    static func isAccountID<S: StringProtocol>(_ text: S) -> Bool {
        text.utf8.count == 12 && text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }
}
