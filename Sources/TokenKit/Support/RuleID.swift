/// Every finding tokenctl can report: its id and default severity, and for
/// the findings of the parser, the decoder, validation and a node's
/// teleport.yaml the one-line summary SARIF consumers show. A token warning
/// rule declares its id in its own file (`RuleID(warning:)`), beside its
/// summary and its check, with its place in the catalogue; the build
/// registers every rule file (`LintRules.registered`).
public struct RuleID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: String
    /// `legacy-v1` is an error for a v1-shaped v2 document and a warning for
    /// a real v1 document; its catalogue severity is the error.
    public let defaultSeverity: Severity
    /// Where a token warning rule is listed among the others (1 first); 0 for the rest.
    let cataloguePosition: Int

    private init(_ rawValue: String, _ severity: Severity, cataloguePosition: Int = 0) {
        self.rawValue = rawValue
        defaultSeverity = severity
        self.cataloguePosition = cataloguePosition
    }

    /// A token warning rule's id, declared in the rule's own file, and its
    /// place in the catalogue (a new rule takes the next number).
    init(warning rawValue: String, catalogue position: Int) {
        self.init(rawValue, .warning, cataloguePosition: position)
    }

    /// The rule with this id, if tokenctl has one.
    public init?(rawValue: String) {
        guard let found = Self.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
        self = found
    }

    public var description: String { rawValue }

    public static func == (lhs: RuleID, rhs: RuleID) -> Bool { lhs.rawValue == rhs.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
    public static func < (lhs: RuleID, rhs: RuleID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The catalogue, in its order: the errors, the token warnings as
    /// `LintRules.all` lists them, the warnings of a node's teleport.yaml.
    public static let allCases: [RuleID] = errors + LintRules.all.map(\.id) + configurationWarnings

    // Errors: Teleport would reject the resource (SPEC §2.2), or a node would not start (§4.3).
    static let yamlSyntax = RuleID("yaml-syntax", .error)
    static let duplicateKey = RuleID("duplicate-key", .error)
    static let unsupportedKind = RuleID("unsupported-kind", .error)
    static let noResources = RuleID("no-resources", .error)
    static let unsupportedVersion = RuleID("unsupported-version", .error)
    static let legacyV1 = RuleID("legacy-v1", .error)
    static let missingField = RuleID("missing-field", .error)
    static let wrongType = RuleID("wrong-type", .error)
    static let unknownField = RuleID("unknown-field", .error)
    static let invalidRole = RuleID("invalid-role", .error)
    static let duplicateRole = RuleID("duplicate-role", .error)
    static let botName = RuleID("bot-name", .error)
    static let unknownJoinMethod = RuleID("unknown-join-method", .error)
    static let joinMethodRules = RuleID("join-method-rules", .error)
    static let invalidDuration = RuleID("invalid-duration", .error)
    static let invalidTimestamp = RuleID("invalid-timestamp", .error)
    static let invalidLabelKey = RuleID("invalid-label-key", .error)
    static let invalidOrigin = RuleID("invalid-origin", .error)
    static let duplicateToken = RuleID("duplicate-token", .error)
    static let invalidName = RuleID("invalid-name", .error)
    static let maskedName = RuleID("masked-name", .error)
    static let configUnknownKey = RuleID("config-unknown-key", .error)
    static let configWrongType = RuleID("config-wrong-type", .error)
    static let configVersion = RuleID("config-version", .error)
    static let configJoinParams = RuleID("config-join-params", .error)
    static let configAddress = RuleID("config-address", .error)
    static let configLocalAuth = RuleID("config-local-auth", .error)
    static let configNoService = RuleID("config-no-service", .error)
    // A node's teleport.yaml: Teleport starts, but not as the author meant.
    static let configUnverifiedKey = RuleID("config-unverified-key", .warning)
    static let configEnabledValue = RuleID("config-enabled-value", .warning)
    static let configEmptyService = RuleID("config-empty-service", .warning)
    static let configAddressPort = RuleID("config-address-port", .warning)
    static let configEnterpriseService = RuleID("config-enterprise-service", .warning)

    static let errors: [RuleID] = [
        .yamlSyntax, .duplicateKey, .unsupportedKind, .noResources, .unsupportedVersion, .legacyV1, .missingField, .wrongType, .unknownField, .invalidRole, .duplicateRole, .botName, .unknownJoinMethod, .joinMethodRules, .invalidDuration, .invalidTimestamp, .invalidLabelKey, .invalidOrigin, .duplicateToken, .invalidName, .maskedName, .configUnknownKey, .configWrongType, .configVersion, .configJoinParams, .configAddress, .configLocalAuth, .configNoService,
    ]
    static let configurationWarnings: [RuleID] = [.configUnverifiedKey, .configEnabledValue, .configEmptyService, .configAddressPort, .configEnterpriseService]

    /// The token rules of one severity, comma-separated in catalogue order (for help and man pages).
    public static func tokenRuleList(_ severity: Severity) -> String {
        allCases.filter { $0.defaultSeverity == severity && !$0.isConfigurationRule }.map(\.rawValue).joined(separator: ", ")
    }

    /// The rules of a node's teleport.yaml rather than of a token.
    public var isConfigurationRule: Bool { rawValue.hasPrefix("config-") }

    /// Findings that make the input unusable rather than merely invalid (exit 2).
    public var makesInputUnusable: Bool {
        self == .yamlSyntax || self == .noResources
    }

    /// The one-line summary: a token warning rule's own (in its file), else the catalogue's here.
    public var summary: String {
        if let rule = LintRules.rule(self) { return rule.summary }
        return switch self {
        case .yamlSyntax: "The file is not valid YAML (or hits an input limit)."
        case .duplicateKey: "A key appears twice in one mapping."
        case .unsupportedKind: "The document's kind is not \"token\"."
        case .noResources: "The file holds no non-empty document."
        case .unsupportedVersion: "The token's version is not v2."
        case .legacyV1: "The document is read as a legacy v1 token."
        case .missingField: "A required field is missing."
        case .wrongType: "A field has the wrong YAML type (e.g. an unquoted number where a string is expected)."
        case .unknownField: "A key the token schema (or the join method's object) does not have; Teleport silently ignores it."
        case .invalidRole: "A role that Teleport does not register."
        case .duplicateRole: "The same role is listed twice."
        case .botName: "bot_name and the Bot role must go together."
        case .unknownJoinMethod: "The join method is not one Teleport knows."
        case .joinMethodRules: "The join method's configuration or allow rules are not valid for it."
        case .invalidDuration: "aws_iid_ttl is not a Go duration."
        case .invalidTimestamp: "A timestamp (expires, bound_keypair times) is not RFC 3339."
        case .invalidLabelKey: "A label key has characters Teleport does not allow."
        case .invalidOrigin: "The reserved label teleport.dev/origin has a value Teleport does not allow."
        case .duplicateToken: "The same token name is defined twice."
        case .invalidName: "A token name that is blank or holds a control character: it cannot be printed, typed or removed safely."
        case .maskedName: "A secret (a token-method name, a bound-keypair registration secret) in the masked form get and list print: storing it would publish the secret."
        case .configUnknownKey: "teleport.yaml: a key Teleport's strict parser refuses, so the node does not start."
        case .configWrongType: "teleport.yaml: a value of the wrong YAML type, so the node does not start."
        case .configVersion: "teleport.yaml: a version other than v1, v2 or v3."
        case .configJoinParams: "teleport.yaml: join_params without a valid method, auth_token mixed with join_params, or no token at all."
        case .configAddress: "teleport.yaml: auth_server / proxy_server / auth_servers used against the rules of the file's version."
        case .configLocalAuth: "teleport.yaml: auth_service is on (an omitted section is on), so the process never joins a cluster."
        case .configNoService: "teleport.yaml: every service is off."
        case .configUnverifiedKey: "teleport.yaml: a key tokenctl does not know; newer Teleport versions may have it, older ones refuse it."
        case .configEnabledValue: "teleport.yaml: an enabled: value that is not a boolean, so the service silently counts as off."
        case .configEmptyService: "teleport.yaml: app, db or discovery service enabled with nothing to serve, so it does not start."
        case .configAddressPort: "teleport.yaml: proxy_server on the Auth port, or auth_server on a Proxy port."
        case .configEnterpriseService: "teleport.yaml: a service only Teleport Enterprise runs."
        default: ""
        }
    }
}
