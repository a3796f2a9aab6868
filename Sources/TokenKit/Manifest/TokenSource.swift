/// A value read from a manifest with where it came from: the value's span
/// and the span of its key.
public struct Located<Value: Sendable>: Sendable {
    public var value: Value
    public var range: SourceRange
    public var keyRange: SourceRange

    public init(_ value: Value, range: SourceRange, keyRange: SourceRange) {
        self.value = value
        self.range = range
        self.keyRange = keyRange
    }
}

extension Located: Equatable where Value: Equatable {}

public struct AllowRuleSource: Sendable {
    /// The span of the rule's list item.
    public var range: SourceRange
    public var awsAccount: Located<String>?
    public var awsRegions: [Located<String>] = []
    public var regionsKey: SourceRange?
    public var awsRole: Located<String>?
    public var awsARN: Located<String>?
    public var awsOrganizationID: Located<String>?
    public var organizationalUnits: OrganizationalUnitsSource?

    public init(range: SourceRange) {
        self.range = range
    }

    public var rule: AllowRule {
        AllowRule(
            awsAccount: awsAccount?.value ?? "", awsRegions: awsRegions.map(\.value), awsRole: awsRole?.value ?? "",
            awsARN: awsARN?.value ?? "", awsOrganizationID: awsOrganizationID?.value ?? "",
            organizationalUnits: organizationalUnits.map {
                OrganizationalUnits(include: $0.include.map(\.value), exclude: $0.exclude.map(\.value))
            })
    }
}

/// `allow[].aws_organizational_units` as written.
public struct OrganizationalUnitsSource: Sendable {
    public var keyRange: SourceRange
    public var include: [Located<String>] = []
    public var includeKey: SourceRange?
    public var exclude: [Located<String>] = []
    public var excludeKey: SourceRange?

    /// Teleport counts a matcher only when include or exclude has an entry (`{}` is none).
    public var isMatcher: Bool { !include.isEmpty || !exclude.isEmpty }
}

/// What one token document says, field by field, with positions; before
/// Teleport's rules are applied. Absent and null fields are nil.
public struct TokenSource: Sendable {
    public var documentRange: SourceRange
    /// A real v1 document: top-level `token:` and no `version`.
    public var isLegacyV1 = false
    public var kind: Located<String>?
    public var version: Located<String>?
    public var metadataKey: SourceRange?
    public var specKey: SourceRange?
    public var name: Located<String>?
    /// The text of a `metadata.name` that is not a string (reported as `wrong-type`).
    public var unusableNameText: String?
    public var description: Located<String>?
    public var labels: [(key: Located<String>, value: String)] = []
    public var expires: Located<String>?
    public var roles: [Located<String>] = []
    public var rolesKey: SourceRange?
    public var joinMethod: Located<String>?
    public var botName: Located<String>?
    public var awsIIDTTL: Located<String>?
    public var allow: [AllowRuleSource] = []
    public var allowKey: SourceRange?
    /// Every join-method object present (`spec.github`, …), read against its schema, by key.
    var methodObjects: [String: MethodObject] = [:]
    public var integration: Located<String>?
    public var suggestedLabels: JSONValue?
    public var suggestedAgentMatcherLabels: JSONValue?
    /// `metadata`/`spec` keys seen in a document without `version`.
    public var legacyV2Keys: [SourceRange] = []
    /// Paths (`metadata.name`, `spec.allow[0].aws_account`) whose value had the
    /// wrong type: already reported, so not to be reported again as missing.
    public var unusablePaths: Set<String> = []

    func isUnusable(_ path: String) -> Bool {
        guard !unusablePaths.isEmpty else { return false }
        return unusablePaths.contains { $0 == path || $0.hasPrefix(path + "[") || $0.hasPrefix(path + ".") }
    }

    public init(documentRange: SourceRange) {
        self.documentRange = documentRange
    }

    /// Where a missing field of `metadata` or `spec` is reported.
    public var metadataAnchor: SourceRange { metadataKey ?? .point(documentRange.start) }
    public var specAnchor: SourceRange { specKey ?? .point(documentRange.start) }
}
