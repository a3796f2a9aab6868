/// One step of Teleport's join checks for one token.
public struct EvaluationStep: Sendable, Equatable {
    public enum Name: String, Sendable, CaseIterable {
        /// Only with a node's teleport.yaml.
        case config
        case token, expiry
        case joinMethod = "join_method"
        case role, signature
        case hostID = "host_id"
        case ttl
        case allowRules = "allow_rules"
        case describeInstances = "describe_instances"
        /// iam only, when the deciding rule names an AWS organization.
        case organization

        /// How many steps there are (`allCases` builds an array at each use).
        static let count = allCases.count

        /// Where the step stands in `allCases` (a renderer's table index).
        var ordinal: Int {
            switch self {
            case .config: 0
            case .token: 1
            case .expiry: 2
            case .joinMethod: 3
            case .role: 4
            case .signature: 5
            case .hostID: 6
            case .ttl: 7
            case .allowRules: 8
            case .describeInstances: 9
            case .organization: 10
            }
        }
    }

    public enum Status: String, Sendable {
        case pass, fail, skip
    }

    public var name: Name
    public var status: Status
    public var detail: String
    /// The number of these words among the distinct words of one `evaluate`
    /// call, when they repeat from candidate to candidate (so a renderer
    /// masks and escapes them once); nil for words particular to one token.
    public internal(set) var detailID: Int?
    /// Why the step failed, without what is particular to one token (its
    /// name, its expiry time): the same for every token that fails the same
    /// way, so a thousand denials summarise to one line.
    public var reason: String

    public init(name: Name, status: Status, detail: String, reason: String? = nil) {
        self.name = name
        self.status = status
        self.detail = detail
        self.reason = reason ?? detail
    }
}

/// The checks for one candidate token, in Teleport v17+'s order.
public struct TokenEvaluation: Sendable {
    /// The name as it may be shown (masked when secret).
    public var displayName: String
    /// Every step, worded; empty for a candidate evaluated for the summary
    /// only (its failing step is in `failure`).
    public var steps: [EvaluationStep]
    /// The 1-based allow rule that matched.
    public var rule: Int?
    /// The real name, for ordering candidates by name.
    var sortKey: String
    /// The token's name (unmasked: for looking the token up, not for printing).
    public var tokenName: String { sortKey }
    /// The first step that failed, if any.
    public var failure: EvaluationStep?
    /// How far the evaluation got before failing (for picking the closest denial).
    var progress: Int
    /// Where the token evaluated stands among the candidates (nil for a name not found), to word its checklist later.
    var candidate: Int? = nil
    /// The AWS organization the matching iam rule requires, not checkable offline.
    public var organization: String? = nil
    /// The OU matcher of that rule, which not even the live check evaluates.
    public var organizationalUnits: OrganizationalUnits? = nil

    init(displayName: String, steps: [EvaluationStep], rule: Int?, sortKey: String, failure: EvaluationStep? = nil, progress: Int? = nil) {
        self.displayName = displayName
        self.steps = steps
        self.rule = rule
        self.sortKey = sortKey
        self.failure = failure ?? steps.first { $0.status == .fail }
        self.progress = progress ?? steps.firstIndex { $0.status == .fail } ?? steps.count
    }

    public var allowed: Bool { failure == nil }
}

/// The whole answer to "would this instance be allowed to join?".
public struct CheckReport: Sendable {
    /// What the join presents; nil when only a node's configuration was checked.
    public var joinEvidence: JoinEvidence?
    public var at: Timestamp
    public var tokens: [TokenEvaluation]
    /// The node's teleport.yaml, when one was checked.
    public var node: NodeJoinRequest? = nil
    /// How the operator gives the evidence, for a verdict that lacks it.
    public var inputNames: InputNames

    init(evidence: JoinEvidence?, at: Timestamp, tokens: [TokenEvaluation], node: NodeJoinRequest?, inputNames: InputNames) {
        joinEvidence = evidence
        self.at = at
        self.tokens = tokens
        self.node = node
        self.inputNames = inputNames
    }

    /// The EC2 identity document, when that is the evidence.
    public var evidence: IdentityEvidence? {
        if case .ec2(let identity) = joinEvidence { return identity }
        return nil
    }

    /// The IAM caller identity, when that is the evidence.
    public var caller: CallerIdentity? {
        if case .iam(let caller) = joinEvidence { return caller }
        return nil
    }

    /// The organization the verdict depends on: the deciding token allows
    /// only if the account belongs to it, which offline cannot tell.
    public var conditionalOrganization: String? {
        guard let decisive = decisiveIndex, tokens[decisive].allowed else { return nil }
        return tokens[decisive].organization
    }

    public var allowed: Bool { tokens.contains { $0.allowed } }

    /// The index of the token that decides the verdict: the first (by name)
    /// that allows (outright before one that needs an AWS organization);
    /// else the one that got furthest, on a tie the first by name.
    public var decisiveIndex: Int? {
        // An allow that depends on the AWS organization only decides when no other allows outright.
        if let winner = tokens.firstIndex(where: { $0.allowed && $0.organization == nil }) ?? tokens.firstIndex(where: \.allowed) {
            return winner
        }
        return tokens.indices.max { a, b in
            tokens[a].progress < tokens[b].progress || (tokens[a].progress == tokens[b].progress && a > b)
        }
    }

    /// `ALLOWED by token "NAME" (allow rule N)` or `DENIED: reason`.
    public var verdict: String {
        guard let decisive = decisiveIndex else {
            let method = joinEvidence?.joinMethod ?? .ec2
            return "DENIED: no \(method.rawValue) token has an allow rule that could match account \(joinEvidence?.account ?? "")"
        }
        let token = tokens[decisive]
        // The token method's only evidence is the token itself.
        if token.allowed, joinEvidence == nil, node?.method == JoinMethod.token.rawValue {
            return "ALLOWED by token \(quoted(token.displayName))"
        }
        if token.allowed, joinEvidence == nil {
            return "ALLOWED by token \(quoted(token.displayName)) as far as the configuration goes: the identity was not evaluated (give \(inputNames.identityDocument) or \(inputNames.callerIdentity))"
        }
        if token.allowed, let organization = token.organization {
            let units = token.organizationalUnits.map { " with \(OrganizationalUnitWords.requirement($0))" } ?? ""
            return "ALLOWED if account \(joinEvidence?.account ?? "") belongs to organization \(organization)\(units) (token \(quoted(token.displayName)), allow rule \(token.rule ?? 0))"
        }
        if token.allowed { return "ALLOWED by token \(quoted(token.displayName)) (allow rule \(token.rule ?? 0))" }
        return "DENIED: \(token.failure?.detail ?? "denied")"
    }

    /// The candidates other than the deciding one, one entry per distinct
    /// outcome (allowed, or the failing step and its reason), most common
    /// first, then in step order.
    public var otherOutcomes: [CandidateOutcome] {
        let decisive = decisiveIndex
        // Keyed by text: the first dictionary keyed by a type of our own costs a search of
        // every protocol conformance in the process (~0.3 ms), String's is already known.
        var outcomes: [CandidateOutcome] = []
        var found: [String: Int] = [:]
        for (index, token) in tokens.enumerated() where index != decisive {
            let key: CandidateOutcome.Key =
                token.failure.map { .denied(step: $0.name, reason: $0.reason) } ?? .allowed
            let text = token.failure.map { $0.name.rawValue + "\u{0}" + $0.reason } ?? ""
            if let known = found[text] {
                outcomes[known].count += 1
            } else {
                found[text] = outcomes.count
                outcomes.append(CandidateOutcome(key: key, count: 1))
            }
        }
        return outcomes.sorted { a, b in
            if a.count != b.count { return a.count > b.count }
            return (a.key.step ?? .describeInstances).ordinal < (b.key.step ?? .describeInstances).ordinal
        }
    }
}

/// How a number of candidates fared, for the summary lines of `check`.
public struct CandidateOutcome: Sendable, Equatable {
    public enum Key: Hashable, Sendable {
        case allowed
        case denied(step: EvaluationStep.Name, reason: String)

        var step: EvaluationStep.Name? {
            if case .denied(let step, _) = self { return step }
            return nil
        }
    }

    public var key: Key
    public var count: Int

    /// "3,268 other candidates denied at allow_rules: no rule for us-west-2".
    public var summary: String {
        let candidates = "\(count.formattedWithSeparators) other candidate\(count == 1 ? "" : "s")"
        switch key {
        case .allowed: return "\(candidates) would also allow"
        case .denied(let step, let reason): return "\(candidates) denied at \(step.rawValue): \(reason)"
        }
    }
}

extension Int {
    /// 3268 as "3,268".
    var formattedWithSeparators: String {
        let digits = String(magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result += "," }
            result.append(digit)
        }
        return (self < 0 ? "-" : "") + result
    }
}
