/// One join method's configuration object: its schema, what Teleport says
/// when it is missing, and Teleport's checks (`CheckAndSetDefaults`, and the
/// Auth Service's checks on write) in Teleport's order and words. One type
/// per method, each in its own file; `JoinMethodConfigurations` lists them.
protocol JoinMethodConfiguration: Sendable {
    var method: JoinMethod { get }
    var schema: MethodSchema { get }
    /// Teleport's error when `spec.<method>` is absent, or nil when Teleport creates it empty.
    var missingMessage: String? { get }
    /// The wrapper Teleport puts around the inner errors (`spec.tpm: failed validation`), if any.
    var wrapper: String? { get }
    func validate(_ object: MethodObject, _ report: inout MethodReport)
}

extension JoinMethodConfiguration {
    var key: String { method.rawValue }
    var missingMessage: String? { nil }
    var wrapper: String? { "spec.\(method.rawValue): failed validation" }
}

/// Every method's configuration type, made when asked: nothing is kept in a
/// global (the values carry their schemas, too large to store inline).
enum JoinMethodConfigurations {
    static func forMethod(_ method: JoinMethod) -> (any JoinMethodConfiguration)? {
        switch method {
        case .token, .ec2, .iam: nil
        case .github: GitHubConfiguration()
        case .circleci: CircleCIConfiguration()
        case .kubernetes: KubernetesConfiguration()
        case .azure: AzureConfiguration()
        case .gitlab: GitLabConfiguration()
        case .gcp: GCPConfiguration()
        case .spacelift: SpaceliftConfiguration()
        case .tpm: TPMConfiguration()
        case .terraformCloud: TerraformCloudConfiguration()
        case .bitbucket: BitbucketConfiguration()
        case .oracle: OracleConfiguration()
        case .azureDevops: AzureDevOpsConfiguration()
        case .boundKeypair: BoundKeypairConfiguration()
        case .env0: Env0Configuration()
        case .genericOIDC: GenericOIDCConfiguration()
        }
    }

    /// The configuration whose `spec` key this is.
    static func forKey(_ key: String) -> (any JoinMethodConfiguration)? {
        JoinMethod(rawValue: key).flatMap(forMethod)
    }

    static var all: [any JoinMethodConfiguration] { JoinMethod.allCases.compactMap(forMethod) }
}

/// Collects a method's errors, each in Teleport's words (inside the
/// method's wrapper) followed by what to do.
struct MethodReport {
    let wrapper: String?
    /// How the operator gives inputs, for fixes that name one.
    let inputNames: InputNames
    private(set) var findings: [Finding] = []

    init(wrapper: String?, inputNames: InputNames) {
        self.wrapper = wrapper
        self.inputNames = inputNames
    }

    /// A Teleport rule the object breaks (`join-method-rules`).
    mutating func rule(_ range: SourceRange, _ teleport: String, fix: String) {
        add(.joinMethodRules, range, teleport, fix: fix)
    }

    /// A required field that is absent or empty (`missing-field`).
    mutating func missing(_ range: SourceRange, _ teleport: String, fix: String) {
        add(.missingField, range, teleport, fix: fix)
    }

    mutating func append(_ other: MethodReport) {
        findings += other.findings
    }

    mutating func add(_ rule: RuleID, _ range: SourceRange, _ teleport: String, fix: String) {
        let words = wrapper.map { "\($0): \(teleport)" } ?? teleport
        // Teleport's words stay as they are (a closing period included), so that they can be searched for.
        let advice = words.hasSuffix(".") ? " " + fix.prefix(1).uppercased() + fix.dropFirst() : "; " + fix
        findings.append(Finding(rule, at: range, words + advice))
    }
}

extension MethodObject {
    /// The `allow` list's items, or a `missing-field` in Teleport's words when it is empty.
    func requireAllow(_ report: inout MethodReport, _ teleport: String) -> [MethodObject] {
        let rules = objects("allow")
        if rules.isEmpty && !unusable.contains("allow") {
            report.missing(keyRange("allow"), teleport, fix: "add \(path).allow with at least one rule")
        }
        return rules
    }

    /// A `missing-field` in Teleport's words when a required field is absent or empty; whether it is set.
    @discardableResult
    func require(_ name: String, _ report: inout MethodReport, _ teleport: String, fix: String) -> Bool {
        guard setsNone(of: [name]) else { return true }
        report.missing(keyRange(name), teleport, fix: fix)
        return false
    }

    /// Whether none of the fields is set; a field of the wrong type counts as set (it is reported as that).
    func setsNone(of names: [String]) -> Bool {
        names.allSatisfy { isEmpty($0) && !unusable.contains($0) }
    }

    /// `allow[N]`, as Teleport's messages name a rule.
    var ruleName: String {
        guard let open = path.lastIndex(of: "[") else { return path }
        return "allow" + path[open...]
    }

    /// Where a rule-level finding goes: the rule's first key (its start).
    var ruleAnchor: SourceRange { .point(range.start) }
}

/// A host name field that must not hold a scheme or path (GitHub, GitLab, Spacelift).
enum HostField {
    static func hasSchemeOrPath(_ host: String) -> Bool { host.contains("/") }
}
