/// One allow rule of an ec2 or iam token. Empty strings mean "not set",
/// as in Teleport.
public struct AllowRule: Hashable, Sendable {
    public var awsAccount: String
    public var awsRegions: [String]
    public var awsRole: String
    public var awsARN: String
    public var awsOrganizationID: String
    /// iam only: the organizational units the account must (include) and must not (exclude) sit in.
    public var organizationalUnits: OrganizationalUnits?

    public init(
        awsAccount: String = "", awsRegions: [String] = [], awsRole: String = "", awsARN: String = "",
        awsOrganizationID: String = "", organizationalUnits: OrganizationalUnits? = nil
    ) {
        self.awsAccount = awsAccount
        self.awsRegions = awsRegions
        self.awsRole = awsRole
        self.awsARN = awsARN
        self.awsOrganizationID = awsOrganizationID
        self.organizationalUnits = organizationalUnits
    }
}

/// `aws_organizational_units` of an iam allow rule.
public struct OrganizationalUnits: Hashable, Sendable {
    public var include: [String]
    public var exclude: [String]

    public init(include: [String] = [], exclude: [String] = []) {
        self.include = include
        self.exclude = exclude
    }

    public var isMatcher: Bool { !include.isEmpty || !exclude.isEmpty }
}

extension AllowRule {
    /// Stands in for a stored rule that names another account than the one
    /// evaluated: it can never match, and keeps the later rules' numbers.
    package static let matchingNoAccount = AllowRule(awsAccount: "(another account)")
}

/// A validated provision token with Teleport's defaults applied. Only
/// `TokenValidation` makes these from manifests, so every other part of
/// tokenctl may rely on the invariants Teleport's CheckAndSetDefaults gives.
public struct ProvisionToken: Hashable, Sendable {
    public var name: String
    public var description: String
    public var labels: [String: String]
    public var expires: Timestamp?
    public var roles: [SystemRole]
    public var joinMethod: JoinMethod
    public var botName: String
    /// `spec.integration`: the AWS OIDC integration whose credentials check an iam rule's organization.
    public var integration: String
    /// Set (5m by default) for ec2 tokens only.
    public var awsIIDTTL: GoDuration?
    public var allow: [AllowRule]
    /// The join method's own configuration object (`spec.github`, …) in canonical form: Teleport's
    /// fields in a fixed order, its defaults applied (`MethodSchema`).
    public var methodConfiguration: JSONValue?
    public var suggestedLabels: JSONValue?
    public var suggestedAgentMatcherLabels: JSONValue?

    public init(
        name: String, description: String = "", labels: [String: String] = [:], expires: Timestamp? = nil,
        roles: [SystemRole], joinMethod: JoinMethod, botName: String = "", integration: String = "", awsIIDTTL: GoDuration? = nil,
        allow: [AllowRule] = [], methodConfiguration: JSONValue? = nil, suggestedLabels: JSONValue? = nil,
        suggestedAgentMatcherLabels: JSONValue? = nil
    ) {
        self.name = name
        self.description = description
        self.labels = labels
        self.expires = expires
        self.roles = roles
        self.joinMethod = joinMethod
        self.botName = botName
        self.integration = integration
        self.awsIIDTTL = awsIIDTTL
        self.allow = allow
        self.methodConfiguration = methodConfiguration
        self.suggestedLabels = suggestedLabels
        self.suggestedAgentMatcherLabels = suggestedAgentMatcherLabels
    }

    public static let defaultEC2IIDTTL = GoDuration.minutes(5)

    /// For the `token` join method the name is the secret.
    public var isSecret: Bool { joinMethod == .token }

    /// A bound-keypair token's registration secret: whoever has it registers the bot.
    public var registrationSecret: String? {
        guard joinMethod == .boundKeypair,
            case .string(let secret)? = methodConfiguration?.value(at: BoundKeypairConfiguration.registrationSecretPath), !secret.isEmpty
        else { return nil }
        return secret
    }

    /// Whether printing the token without its secrets hides something (its name or a registration secret).
    public var hasSecret: Bool { isSecret || registrationSecret != nil }

    /// The name as it may be shown: masked when it is a secret.
    public var displayName: String { isSecret ? SecretMask.mask(name) : name }

    public func isExpired(at now: Timestamp) -> Bool {
        guard let expires else { return false }
        return expires < now
    }
}

/// Teleport's masking of secret token names: under 16 characters all `*`,
/// otherwise the first 75% (rounded down) replaced by `*`.
public enum SecretMask {
    public static func mask(_ name: String) -> String {
        let hidden = hiddenCount(name.count)
        return String(repeating: "*", count: hidden) + name.dropFirst(hidden)
    }

    /// How many of a secret's characters the mask hides: all below 16, else the first 75%.
    public static func hiddenCount(_ characters: Int) -> Int {
        characters < 16 ? characters : characters * 3 / 4
    }

    /// Whether `name` is what `mask` prints for some secret: all `*`, or
    /// (16 characters or more) `*` over its first 75%.
    public static func isMaskedForm(_ name: String) -> Bool {
        let count = name.count
        guard count > 0 else { return false }
        let hidden = hiddenCount(count)
        return name.prefix(hidden).allSatisfy { $0 == "*" }
    }
}
