/// The IAM policy documents the EC2 join needs (SPEC §4.4 `policy`,
/// teleport-config.md §5): the Auth Service's DescribeInstances policy, its
/// AssumeRole policy with one statement per distinct `aws_role`, and, for
/// each role in another account, the trust policy to attach to that role.
public struct JoinPolicies: Sendable {
    /// One IAM policy document, with what it is for.
    public struct Document: Sendable {
        /// A short name, as the guide names the policy.
        public var name: String
        /// Where to attach it, in words.
        public var attach: String
        public var policy: JSONValue
        /// For a trust policy: the role it belongs to.
        public var role: String?
    }

    public var describeInstances: Document
    public var assumeRole: Document?
    public var trust: [Document]
    /// Roles whose trust policy cannot be written, and why.
    public var notes: [String]

    static let version = ("Version", JSONValue.string("2012-10-17"))

    /// `roles`: every `aws_role` of the ec2 tokens (repeats and empties are
    /// dropped); `authAccount`: the Auth Service's account, for the trust policies.
    public init(roles: [String], authAccount: String?, inputNames: InputNames = .plain) {
        let distinct = Array(Set(roles.filter { !$0.isEmpty })).sorted(by: bytewiseLess)
        describeInstances = Document(
            name: "teleport-DescribeInstances-policy",
            attach: "attach to the Auth Service's IAM identity, and to each role below in its own account",
            policy: .object([
                Self.version,
                ("Statement", .array([.object([("Effect", .string("Allow")), ("Action", .string("ec2:DescribeInstances")), ("Resource", .string("*"))])])),
            ]))
        assumeRole =
            distinct.isEmpty
            ? nil
            : Document(
                name: "teleport-AssumeRole-policy",
                attach: "attach to the Auth Service's IAM identity: it assumes each aws_role of the ec2 tokens",
                policy: .object([
                    Self.version,
                    (
                        "Statement",
                        .array(distinct.map { role in
                            .object([("Effect", .string("Allow")), ("Action", .string("sts:AssumeRole")), ("Resource", .string(role))])
                        })
                    ),
                ]))
        var trust: [Document] = []
        var notes: [String] = []
        for role in distinct {
            guard let arn = RoleARN(role) else {
                notes.append("\(quoted(role)) is not an IAM role ARN (arn:PARTITION:iam::ACCOUNT:role/NAME): no trust policy can be written for it")
                continue
            }
            guard let authAccount else {
                notes.append("the trust policy of \(role) needs the Auth Service's account: give \(inputNames.authAccount)")
                continue
            }
            guard arn.account != authAccount else { continue }
            // The standard cross-account trust; Teleport uses no external ID, so no condition.
            trust.append(
                Document(
                    name: "trust policy of \(arn.name)",
                    attach: "set as the trust relationship of \(role) in account \(arn.account): it lets account \(authAccount) assume it",
                    policy: .object([
                        Self.version,
                        (
                            "Statement",
                            .array([
                                .object([
                                    ("Effect", .string("Allow")),
                                    ("Principal", .object([("AWS", .string("arn:\(arn.partition):iam::\(authAccount):root"))])),
                                    ("Action", .string("sts:AssumeRole")),
                                ])
                            ])
                        ),
                    ]),
                    role: role))
        }
        self.trust = trust
        self.notes = notes
    }

    public var documents: [Document] { [describeInstances] + (assumeRole.map { [$0] } ?? []) + trust }
}

/// `arn:PARTITION:iam::ACCOUNT:role/PATH/NAME`.
struct RoleARN {
    var partition: String
    var account: String
    var name: String

    init?(_ text: String) {
        let fields = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard fields.count == 6, fields[0] == "arn", !fields[1].isEmpty, fields[2] == "iam", fields[3].isEmpty,
            fields[4].utf8.count == 12, fields[4].utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            fields[5].hasPrefix("role/"), let name = fields[5].split(separator: "/").last, fields[5].count > "role/".count
        else { return nil }
        partition = String(fields[1])
        account = String(fields[4])
        self.name = String(name)
    }
}
