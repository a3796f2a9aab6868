/// Every finding tokenctl can report, with its default severity and the
/// one-line summary SARIF consumers show.
public enum RuleID: String, CaseIterable, Sendable, Comparable {
    // Errors: Teleport would reject the resource (SPEC §2.2).
    case yamlSyntax = "yaml-syntax"
    case duplicateKey = "duplicate-key"
    case unsupportedKind = "unsupported-kind"
    case noResources = "no-resources"
    case unsupportedVersion = "unsupported-version"
    case legacyV1 = "legacy-v1"
    case missingField = "missing-field"
    case wrongType = "wrong-type"
    case unknownField = "unknown-field"
    case invalidRole = "invalid-role"
    case duplicateRole = "duplicate-role"
    case botName = "bot-name"
    case unknownJoinMethod = "unknown-join-method"
    case joinMethodRules = "join-method-rules"
    case invalidDuration = "invalid-duration"
    case invalidTimestamp = "invalid-timestamp"
    case invalidLabelKey = "invalid-label-key"
    case invalidOrigin = "invalid-origin"
    case duplicateToken = "duplicate-token"
    case invalidName = "invalid-name"
    case maskedName = "masked-name"
    // A node's teleport.yaml (SPEC §4.3): errors stop the node starting or joining.
    case configUnknownKey = "config-unknown-key"
    case configWrongType = "config-wrong-type"
    case configVersion = "config-version"
    case configJoinParams = "config-join-params"
    case configAddress = "config-address"
    case configLocalAuth = "config-local-auth"
    case configNoService = "config-no-service"
    // Warnings: Teleport accepts these, but they are risky (SPEC §2.3).
    case longIIDTTL = "long-iid-ttl"
    case anyRegion = "any-region"
    case anyAccount = "any-account"
    case accountFormat = "account-format"
    case unknownRegion = "unknown-region"
    case roleARNFormat = "role-arn-format"
    case roleAccountMismatch = "role-account-mismatch"
    case unreachableRule = "unreachable-rule"
    case duplicateRegion = "duplicate-region"
    case privilegedRole = "privileged-role"
    case secretWithoutExpiry = "secret-without-expiry"
    case weakSecret = "weak-secret"
    case expired = "expired"
    case broadARN = "broad-arn"
    case negativeIIDTTL = "negative-iid-ttl"
    case ec2UnsupportedRole = "ec2-unsupported-role"
    case anyRepository = "any-repository"
    case anyServiceAccount = "any-service-account"
    case tpmUnmatchable = "tpm-unmatchable"
    case enterpriseJoinMethod = "enterprise-join-method"
    case boolOptionValue = "bool-option-value"
    case recoveryMode = "recovery-mode"
    case unusedMethodObject = "unused-method-object"
    // A node's teleport.yaml: Teleport starts, but not as the author meant.
    case configUnverifiedKey = "config-unverified-key"
    case configEnabledValue = "config-enabled-value"
    case configEmptyService = "config-empty-service"
    case configAddressPort = "config-address-port"
    case configEnterpriseService = "config-enterprise-service"

    public static func < (lhs: RuleID, rhs: RuleID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// `legacy-v1` is an error for a v1-shaped v2 document and a warning for
    /// a real v1 document; its catalogue severity is the error.
    public var defaultSeverity: Severity {
        switch self {
        case .yamlSyntax, .duplicateKey, .unsupportedKind, .noResources, .unsupportedVersion, .legacyV1,
            .missingField, .wrongType, .unknownField, .invalidRole, .duplicateRole, .botName,
            .unknownJoinMethod, .joinMethodRules, .invalidDuration, .invalidTimestamp, .invalidLabelKey, .invalidOrigin,
            .duplicateToken, .invalidName, .maskedName, .configUnknownKey, .configWrongType, .configVersion,
            .configJoinParams, .configAddress, .configLocalAuth, .configNoService:
            return .error
        default:
            return .warning
        }
    }

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

    /// The one-line summary: a warning rule's own (in its file), else the catalogue's here.
    public var summary: String {
        if let rule = LintRules.rule(self) { return rule.summary }
        return switch self {
        // A warning rule's summary is in its own file (above); a rule missing from LintRules.all fails a test.
        case .accountFormat, .anyAccount, .anyRegion, .anyRepository, .anyServiceAccount, .boolOptionValue, .broadARN, .duplicateRegion, .ec2UnsupportedRole, .enterpriseJoinMethod, .expired, .longIIDTTL, .negativeIIDTTL, .privilegedRole, .recoveryMode, .roleARNFormat, .roleAccountMismatch, .secretWithoutExpiry, .tpmUnmatchable, .unknownRegion, .unreachableRule, .unusedMethodObject, .weakSecret:
            ""
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
        }
    }
}
