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

    /// The token's own join-method object as written (nil for token, ec2 and iam, or when absent).
    var methodObject: MethodObject? { token.joinMethod.configurationKey.flatMap { source.methodObjects[$0] } }
}

/// A warning rule of SPEC §2.3: Teleport accepts the token, but it is risky.
/// One rule per file: its id, its summary (for SARIF and help) and its check.
public protocol LintRule: Sendable {
    var id: RuleID { get }
    var summary: String { get }
    func check(_ subject: LintSubject) -> [Finding]
}

public enum LintRules {
    static func rule(_ id: RuleID) -> (any LintRule)? { all.first { $0.id == id } }

    /// Every token warning rule, in catalogue order (SARIF, help and the man
    /// page list them so). `registered` is generated at build time from the
    /// files in Lint/Rules (the RuleRegistryPlugin): a new rule is its file,
    /// whose id states its place in the catalogue.
    public static let all: [any LintRule] = registered.sorted { $0.id.cataloguePosition < $1.id.cataloguePosition }
}

/// AWS ARN pieces the rules share.
enum AWSARN {
    /// `arn:<partition>:iam::<12 digits>:role/<name>` → the account, or nil when malformed.
    static func roleAccount(_ arn: String) -> String? {
        var arn = arn
        // Bytes scanned in place: every allow rule with a role goes through here, twice.
        return arn.withUTF8 { bytes -> String? in
            var colons: [Int] = []
            colons.reserveCapacity(5)
            for offset in bytes.indices where bytes[offset] == UInt8(ascii: ":") {
                colons.append(offset)
                if colons.count == 5 { break }
            }
            guard colons.count == 5 else { return nil }
            func part(_ number: Int) -> Slice<UnsafeBufferPointer<UInt8>> {
                let start = number == 0 ? 0 : colons[number - 1] + 1
                return bytes[start..<(number == 5 ? bytes.count : colons[number])]
            }
            let account = part(4)
            let role = part(5)
            guard part(0).elementsEqual("arn".utf8), !part(1).isEmpty, part(2).elementsEqual("iam".utf8), part(3).isEmpty,
                account.count == 12, account.allSatisfy({ $0 >= 48 && $0 <= 57 }), role.starts(with: "role/".utf8),
                role.count > 5
            else { return nil }
            return String(decoding: account, as: UTF8.self)
        }
    }

    static func isAccountID<S: StringProtocol>(_ text: S) -> Bool {
        text.utf8.count == 12 && text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }
}
