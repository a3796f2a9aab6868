/// Teleport's `ProvisionTokenV2.CheckAndSetDefaults` (and the v1→v2
/// conversion) over a positioned `TokenSource`: every error is reported,
/// not only the first, and a `ProvisionToken` is made only when there is none.
public struct TokenValidation: Sendable {
    /// Errors: Teleport would reject the resource.
    public private(set) var findings: [Finding] = []
    /// The `legacy-v1` warning of a real v1 document, which Teleport converts.
    public private(set) var legacyWarning: Finding?
    public private(set) var token: ProvisionToken?

    private let inputNames: InputNames

    public init(_ source: TokenSource, inputNames: InputNames = .plain) {
        self.inputNames = inputNames
        token = validate(source)
    }

    private mutating func error(_ rule: RuleID, _ range: SourceRange, _ message: String) {
        findings.append(Finding(rule, at: range, message))
    }

    private mutating func validate(_ source: TokenSource) -> ProvisionToken? {
        if source.isLegacyV1 {
            legacyWarning = Finding(
                .legacyV1, at: source.name?.keyRange ?? .point(source.documentRange.start),
                "legacy v1 token document: Teleport converts it to version v2; write it as kind: token, version: v2 with metadata.name and spec.roles"
            )
        } else if let version = source.version {
            if version.value != "v2" {
                error(
                    .unsupportedVersion, version.range,
                    "server resource version \(version.value) is not supported; tokens use \"version: v2\"")
            }
        } else if let first = source.legacyV2Keys.first {
            error(
                .legacyV1, first,
                "no \"version\": Teleport reads this document as a legacy v1 token and ignores \"metadata\" and \"spec\"; add \"version: v2\""
            )
        }

        let name = source.name?.value ?? ""
        let nameField = source.isLegacyV1 ? "token" : "metadata.name"
        if name.isEmpty && !source.isUnusable(nameField) {
            let field = source.isLegacyV1 ? "token" : "metadata.name"
            error(.missingField, source.metadataAnchor, "missing parameter Name: set \(field)")
        }
        if let located = source.name, !located.value.isEmpty { validateName(located, field: nameField) }
        let labels = validatedLabels(source)
        let expires = validatedExpiry(source)
        let roles = validatedRoles(source)
        validateBotName(source, roles: roles)
        let joinMethod = validatedJoinMethod(source)
        var ttl: GoDuration?
        if let text = source.awsIIDTTL {
            ttl = validatedDuration(text)
        }
        if joinMethod == .token, let located = source.name, SecretMask.isMaskedForm(located.value) {
            error(
                .maskedName, located.range,
                "the token name is a masked secret as get and list print it, not a secret: storing it would give every reader the \"secret\"; export tokens with \(inputNames.secretsShown), or choose a new random name")
        }
        var methodConfiguration: JSONValue?
        if let joinMethod {
            methodConfiguration = validateMethodRules(joinMethod, source: source)
        }

        guard findings.isEmpty, let joinMethod else { return nil }
        var awsIIDTTL: GoDuration?
        if joinMethod == .ec2 {
            awsIIDTTL = (ttl ?? GoDuration(nanoseconds: 0)).nanoseconds == 0 ? ProvisionToken.defaultEC2IIDTTL : ttl
        }
        return ProvisionToken(
            name: name, description: source.description?.value ?? "", labels: labels, expires: expires, roles: roles,
            joinMethod: joinMethod, botName: source.botName?.value ?? "", integration: source.integration?.value ?? "",
            awsIIDTTL: awsIIDTTL,
            allow: source.allow.map(\.rule), methodConfiguration: methodConfiguration,
            suggestedLabels: source.suggestedLabels, suggestedAgentMatcherLabels: source.suggestedAgentMatcherLabels)
    }

    private mutating func validatedLabels(_ source: TokenSource) -> [String: String] {
        var labels: [String: String] = [:]
        for (key, value) in source.labels {
            if LabelKey.isValid(key.value) {
                labels[key.value] = value
                if key.value == OriginLabel.key, !OriginLabel.values.contains(value) {
                    error(
                        .invalidOrigin, key.range,
                        "invalid origin value \(quoted(value)), must be one of [\(OriginLabel.values.joined(separator: " "))]; leave teleport.dev/origin to Teleport, or remove it")
                }
            } else {
                error(
                    .invalidLabelKey, key.range,
                    "invalid label key: \(quoted(key.value)); label keys may use only letters, digits and / . _ : * -")
            }
        }
        return labels
    }

    private mutating func validatedExpiry(_ source: TokenSource) -> Timestamp? {
        guard let expires = source.expires else { return nil }
        guard let timestamp = Timestamp.parseRFC3339(expires.value) else {
            error(
                .invalidTimestamp, expires.range,
                "expires: \(quoted(expires.value)) is not an RFC 3339 timestamp; write it like \"2030-01-01T00:00:00Z\"")
            return nil
        }
        return timestamp
    }

    private mutating func validatedRoles(_ source: TokenSource) -> [SystemRole] {
        if source.roles.isEmpty {
            let field = source.isLegacyV1 ? "roles" : "spec.roles"
            // A wrong type is reported as that, not also as missing.
            guard !source.isUnusable(field) else { return [] }
            let anchor = source.isLegacyV1 ? .point(source.documentRange.start) : source.specAnchor
            error(.missingField, anchor, "provisioning token is missing roles: set \(field), e.g. [Node]")
            return []
        }
        var roles: [SystemRole] = []
        var firstSeen: [SystemRole: SourceRange] = [:]
        for text in source.roles {
            guard let role = SystemRole(text.value) else {
                var message = "role \(text.value) is not registered"
                if let suggestion = nearest(to: text.value.trimmingASCIIWhitespace(), in: SystemRole.canonicalNames) {
                    message += "; did you mean \(quoted(suggestion))?"
                }
                error(.invalidRole, text.range, message)
                continue
            }
            if let first = firstSeen[role] {
                findings.append(
                    Finding(
                        .duplicateRole, at: text.range,
                        "duplicate role \(quoted(role.name)) (first listed at \(first.start)); remove one", related: first))
                continue
            }
            firstSeen[role] = text.range
            roles.append(role)
        }
        return roles
    }

    private mutating func validateBotName(_ source: TokenSource, roles: [SystemRole]) {
        let hasBotName = !(source.botName?.value.isEmpty ?? true)
        if roles.contains(.bot) && !hasBotName {
            let botRole = source.roles.first { SystemRole($0.value) == .bot }
            error(
                .botName, botRole?.range ?? source.specAnchor,
                "token with role \"Bot\" must set bot_name: add spec.bot_name with the bot's name")
        } else if hasBotName && !roles.contains(.bot), let botName = source.botName {
            error(
                .botName, botName.keyRange,
                "can only set bot_name on token with role \"Bot\": add Bot to spec.roles or remove bot_name")
        }
    }

    private mutating func validatedJoinMethod(_ source: TokenSource) -> JoinMethod? {
        guard let text = source.joinMethod, !text.value.isEmpty else {
            return JoinMethod.unspecifiedDefault(hasAllowRules: !source.allow.isEmpty)
        }
        if let method = JoinMethod(rawValue: text.value) { return method }
        var message = "unknown join method \(quoted(text.value))"
        if let suggestion = nearest(to: text.value, in: JoinMethod.allCases.map(\.rawValue)) {
            message += "; did you mean \(quoted(suggestion))? (join methods are case-sensitive)"
        }
        error(.unknownJoinMethod, text.range, message)
        return nil
    }

    /// SPEC §2.2 `invalid-name`: a name that is blank after trimming, or
    /// holds a control character, cannot be printed, typed or removed safely.
    private mutating func validateName(_ name: Located<String>, field: String) {
        if name.value.allSatisfy(\.isWhitespace) {
            error(.invalidName, name.range, "\(field) is blank (only white space); Teleport would look the token up by a name nobody can type; give it a real name")
        } else if let control = name.value.unicodeScalars.first(where: isControl) {
            error(
                .invalidName, name.range,
                "\(field) holds the control character \(quoted(String(control)).dropFirst().dropLast()); such a name cannot be printed, typed or removed safely; use letters, digits, '-', '_' and '.'")
        }
    }

    private mutating func validatedDuration(_ text: Located<String>) -> GoDuration? {
        if text.value == "never" { return GoDuration(nanoseconds: 0) }
        do {
            return try GoDuration.parse(text.value)
        } catch {
            self.error(
                .invalidDuration, text.range,
                "aws_iid_ttl: \(error.message); use a Go duration such as \"5m\", \"90s\" or \"1h30m\" (units ns, us, ms, s, m, h)"
            )
            return nil
        }
    }

    /// The method's rules; returns the method object's canonical form, for methods that have one.
    private mutating func validateMethodRules(_ method: JoinMethod, source: TokenSource) -> JSONValue? {
        let methodRange = source.joinMethod?.range ?? source.specAnchor
        let quotedMethod = quoted(method.rawValue)
        switch method {
        case .token:
            if !source.allow.isEmpty {
                error(
                    .joinMethodRules, source.allowKey ?? methodRange,
                    "allow rules are not compatible with the \"token\" join method; remove spec.allow or set join_method to ec2 or iam"
                )
            }
        case .ec2, .iam:
            if source.allow.isEmpty {
                error(
                    .joinMethodRules, methodRange,
                    "the \(quotedMethod) join method requires defined token allow rules: add spec.allow with at least one rule")
            }
            for (index, rule) in source.allow.enumerated() {
                // A field with a type error is reported as that; "must set" would only repeat it.
                let hasUnusableField = source.isUnusable("spec.allow[" + String(index) + "]")
                if method == .ec2 {
                    validateEC2Rule(rule, requireIdentity: !hasUnusableField)
                } else {
                    validateIAMRule(rule, requireIdentity: !hasUnusableField)
                }
            }
        default:
            return validateMethodObject(method, source: source, methodRange: methodRange)
        }
        return nil
    }

    /// A method's own object (`spec.github`, …): present, or created empty where Teleport creates it,
    /// then checked by the method's rules; its canonical form when it is usable.
    private mutating func validateMethodObject(_ method: JoinMethod, source: TokenSource, methodRange: SourceRange) -> JSONValue? {
        guard let configuration = JoinMethodConfigurations.forMethod(method) else { return nil }
        let key = configuration.key
        let object: MethodObject
        if let present = source.methodObjects[key] {
            object = present
        } else if source.isUnusable("spec." + key) {
            return nil
        } else if let missing = configuration.missingMessage {
            error(.joinMethodRules, methodRange, "\(missing); add a spec.\(key) section")
            return nil
        } else {
            object = .absent(path: "spec." + key, at: methodRange)
        }
        var report = MethodReport(wrapper: configuration.wrapper, inputNames: inputNames)
        configuration.validate(object, &report)
        findings += report.findings
        return object.canonical(configuration.schema)
    }

    private mutating func validateEC2Rule(_ rule: AllowRuleSource, requireIdentity: Bool) {
        if let arn = rule.awsARN {
            error(.joinMethodRules, arn.keyRange, "the \"ec2\" join method does not support the \"aws_arn\" parameter")
        }
        if let organization = rule.awsOrganizationID {
            error(
                .joinMethodRules, organization.keyRange,
                "the \"ec2\" join method does not support the \"aws_organization_id\" parameter")
        }
        if let units = rule.organizationalUnits, units.isMatcher {
            error(
                .joinMethodRules, units.keyRange,
                "the \"ec2\" join method does not support the \"aws_organizational_units\" parameter (the Auth Service refuses it when the token is written); remove it, or use the iam join method")
        }
        if requireIdentity && (rule.awsAccount?.value ?? "").isEmpty && (rule.awsRole?.value ?? "").isEmpty {
            error(.joinMethodRules, .point(rule.range.start), "allow rule for \"ec2\" join method must set \"aws_account\" or \"aws_role\"")
        }
    }

    private mutating func validateIAMRule(_ rule: AllowRuleSource, requireIdentity: Bool) {
        if let role = rule.awsRole {
            error(.joinMethodRules, role.keyRange, "the \"iam\" join method does not support the \"aws_role\" parameter")
        }
        if let regionsKey = rule.regionsKey, !rule.awsRegions.isEmpty {
            error(.joinMethodRules, regionsKey, "the \"iam\" join method does not support the \"aws_regions\" parameter")
        }
        let identifies = [rule.awsAccount, rule.awsARN, rule.awsOrganizationID].contains { !($0?.value ?? "").isEmpty }
        if requireIdentity && !identifies {
            error(
                .joinMethodRules, .point(rule.range.start),
                "allow rule for \"iam\" join method must set \"aws_account\", \"aws_arn\" or \"aws_organization_id\"")
        }
        if let units = rule.organizationalUnits, units.isMatcher {
            validateOrganizationalUnits(units, organization: rule.awsOrganizationID?.value ?? "")
        }
    }

    /// The Auth Service's checks of an iam rule's OU matcher, when the token is written.
    private mutating func validateOrganizationalUnits(_ units: OrganizationalUnitsSource, organization: String) {
        if organization.isEmpty {
            error(
                .joinMethodRules, units.keyRange,
                "allow rule with \"aws_organizational_units\" matchers must also specify \"aws_organization_id\" when using the \"iam\" join method; add aws_organization_id (o-…)")
        }
        if units.include.isEmpty {
            error(
                .joinMethodRules, units.excludeKey ?? units.keyRange,
                "at least one entry in \"aws_organizational_units.include\" must be specified; list the OUs (ou-…) to allow, or \"*\" for the whole organization")
        } else if units.include.count > 1, let wildcard = units.include.first(where: { $0.value == "*" }) {
            error(
                .joinMethodRules, wildcard.range,
                "when using wildcard for \"aws_organizational_units.include\", no other values are allowed; keep \"*\" alone, or list the OUs")
        }
        if let wildcard = units.exclude.first(where: { $0.value == "*" }) {
            error(
                .joinMethodRules, wildcard.range,
                "using wildcard in \"aws_organizational_units.exclude\" is not allowed; list the OUs (ou-…) to exclude")
        }
    }
}

/// The reserved label `teleport.dev/origin` and the values Teleport allows (the newest list read).
enum OriginLabel {
    static let key = "teleport.dev/origin"
    static let values = [
        "defaults", "config-file", "dynamic", "cloud", "kubernetes", "okta", "scim", "discovery-kubernetes", "entra-id",
        "aws-identity-center", "sailpoint",
    ]
}

/// Teleport's label key syntax: `^[a-zA-Z/.0-9_:*-]+$`.
public enum LabelKey {
    public static func isValid(_ key: String) -> Bool {
        !key.isEmpty
            && key.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "/"), UInt8(ascii: "."), UInt8(ascii: "_"),
                    UInt8(ascii: ":"), UInt8(ascii: "*"), UInt8(ascii: "-"):
                    true
                default: false
                }
            }
    }
}
