/// A step's words; `id` numbers words that repeat across the candidates of one evaluation.
struct StepWords: ExpressibleByStringInterpolation {
    var text: String
    var id: Int?

    init(_ text: String, id: Int? = nil) {
        self.text = text
        self.id = id
    }

    init(stringLiteral value: String) { self.init(value) }
    init(stringInterpolation: DefaultStringInterpolation) { self.init(String(stringInterpolation: stringInterpolation)) }
}

/// The step words of one evaluation that repeat from candidate to
/// candidate, worded once each and numbered: thousands of candidates share
/// a handful of TTLs, rule shapes and roles to assume.
final class StepWordsMemo {
    enum Key: Hashable {
        case text(String)
        case expires(Timestamp)
        case ttl(Int64)
        case rule(number: Int, anyAccount: Bool, anyRegion: Bool)
        case describe(role: String)
    }

    private var table: [Key: StepWords] = [:]

    func words(_ key: Key, _ make: () -> String) -> StepWords {
        if let known = table[key] { return known }
        let words = StepWords(make(), id: table.count)
        table[key] = words
        return words
    }

    func constant(_ text: String) -> StepWords { words(.text(text)) { text } }
}

/// One step of Teleport's EC2 join checks for one token.
public struct EvaluationStep: Sendable, Equatable {
    public enum Name: String, Sendable, CaseIterable {
        /// Only with a node's teleport.yaml (`--config`).
        case config
        case token, expiry
        case joinMethod = "join_method"
        case role, signature
        case hostID = "host_id"
        case ttl
        case allowRules = "allow_rules"
        case describeInstances = "describe_instances"
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
    /// The first step that failed, if any.
    public var failure: EvaluationStep?
    /// How far the evaluation got before failing (for picking the closest denial).
    var progress: Int
    /// Where the token evaluated stands among the candidates (nil for a name not found), to word its checklist later.
    var candidate: Int? = nil

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
    /// The identity document; nil when only a node's configuration was checked.
    public var evidence: IdentityEvidence?
    public var at: Timestamp
    public var tokens: [TokenEvaluation]
    /// The node's teleport.yaml, when one was checked.
    public var node: NodeJoinRequest? = nil

    public var allowed: Bool { tokens.contains { $0.allowed } }

    /// The index of the token that decides the verdict: the first (by name)
    /// that allows; else the one that got furthest, on a tie the first by name.
    public var decisiveIndex: Int? {
        if let winner = tokens.firstIndex(where: \.allowed) { return winner }
        return tokens.indices.max { a, b in
            tokens[a].progress < tokens[b].progress || (tokens[a].progress == tokens[b].progress && a > b)
        }
    }

    /// `ALLOWED by token "NAME" (allow rule N)` or `DENIED: reason`.
    public var verdict: String {
        guard let decisive = decisiveIndex else {
            return "DENIED: no ec2 token has an allow rule that could match account \(evidence?.document.accountID ?? "")"
        }
        let token = tokens[decisive]
        if token.allowed, evidence == nil {
            return "ALLOWED by token \(quoted(token.displayName)) as far as the configuration goes: the identity was not evaluated (give --iid)"
        }
        if token.allowed { return "ALLOWED by token \(quoted(token.displayName)) (allow rule \(token.rule ?? 0))" }
        return "DENIED: \(token.failure?.detail ?? "denied")"
    }

    /// The candidates other than the deciding one, one entry per distinct
    /// outcome (allowed, or the failing step and its reason), most common
    /// first, then in step order.
    public var otherOutcomes: [CandidateOutcome] {
        let decisive = decisiveIndex
        var counts: [CandidateOutcome.Key: Int] = [:]
        var order: [CandidateOutcome.Key] = []
        for (index, token) in tokens.enumerated() where index != decisive {
            let key: CandidateOutcome.Key =
                token.failure.map { .denied(step: $0.name, reason: $0.reason) } ?? .allowed
            if counts[key] == nil { order.append(key) }
            counts[key, default: 0] += 1
        }
        let steps = EvaluationStep.Name.allCases
        return order.map { CandidateOutcome(key: $0, count: counts[$0] ?? 0) }.sorted { a, b in
            if a.count != b.count { return a.count > b.count }
            return (steps.firstIndex(of: a.key.step ?? .describeInstances) ?? 0) < (steps.firstIndex(of: b.key.step ?? .describeInstances) ?? 0)
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

/// What the operator asked besides the document: `--at`, `--role`, `--host-id`.
public struct JoinRequest: Sendable {
    public var at: Timestamp
    public var role: SystemRole?
    public var hostID: String?
    public var requireSignature: Bool
    /// The node's teleport.yaml: adds the `config` step, and decides the method and the roles requested.
    public var node: NodeJoinRequest?

    public init(
        at: Timestamp, role: SystemRole? = nil, hostID: String? = nil, requireSignature: Bool = false, node: NodeJoinRequest? = nil
    ) {
        self.at = at
        self.role = role
        self.hostID = hostID
        self.requireSignature = requireSignature
        self.node = node
    }
}

/// Evaluates candidate tokens against an identity document as Teleport's
/// EC2 join method would (SPEC §4), offline.
public struct JoinEvaluator: Sendable {
    /// IID clocks may run a little ahead: Teleport allows a minute.
    static let futureTolerance = GoDuration.minutes(1)

    public var request: JoinRequest

    public init(request: JoinRequest) {
        self.request = request
    }

    /// Which checklists get every step's detail worded: formatting them is
    /// most of the work, and a fleet-sized check prints one checklist.
    public enum Detail: Sendable {
        /// Every candidate's (JSON, `--all`).
        case all
        /// The deciding candidate's; the others' failing step only (for the verdict and the summary).
        case decisive
    }

    public func evaluate(
        _ evidence: IdentityEvidence?, candidates: [ProvisionToken], missing: [String] = [], detail: Detail = .all
    ) -> CheckReport {
        let context = Context(request: request, evidence: evidence)
        var order = Array(candidates.indices)
        order.sort { bytewiseLess(candidates[$0].name, candidates[$1].name) }
        var evaluations: [TokenEvaluation] = []
        evaluations.reserveCapacity(candidates.count + missing.count)
        for index in order {
            var evaluation = evaluate(candidates[index], context: context, detailed: detail == .all)
            evaluation.candidate = index
            evaluations.append(evaluation)
        }
        if !missing.isEmpty {
            evaluations += missing.map(notFound)
            evaluations.sort { bytewiseLess($0.sortKey, $1.sortKey) }
        }
        var report = CheckReport(evidence: evidence, at: request.at, tokens: evaluations, node: request.node)
        if detail == .decisive, let decisive = report.decisiveIndex, let candidate = report.tokens[decisive].candidate {
            report.tokens[decisive] = evaluate(candidates[candidate], context: context, detailed: true)
        }
        return report
    }

    private func notFound(_ name: String) -> TokenEvaluation {
        var steps: [EvaluationStep] = []
        if let node = request.node {
            let config = node.configStep
            steps.append(EvaluationStep(name: .config, status: config.passed ? .pass : .fail, detail: config.detail, reason: config.reason))
        }
        // A name typed for a lookup may be a secret; one a node presents with another method is not.
        let method = request.node?.method
        let shown = method != nil && method != JoinMethod.token.rawValue ? name : NotFoundMask.mask(name)
        let configPassed = steps.allSatisfy { $0.status != .fail }
        steps.append(
            configPassed
                ? EvaluationStep(name: .token, status: .fail, detail: "token \(quoted(shown)) not found", reason: "not found")
                : EvaluationStep(name: .token, status: .skip, detail: "not evaluated"))
        for name in EvaluationStep.Name.allCases where name != .config && name != .token {
            steps.append(EvaluationStep(name: name, status: .skip, detail: "not evaluated"))
        }
        return TokenEvaluation(displayName: shown, steps: steps, rule: nil, sortKey: name)
    }

    public func evaluate(_ token: ProvisionToken, evidence: IdentityEvidence?) -> TokenEvaluation {
        var evaluation = evaluate(token, context: Context(request: request, evidence: evidence), detailed: true)
        // Numbers mean something only among the candidates of one evaluation.
        for index in evaluation.steps.indices { evaluation.steps[index].detailID = nil }
        return evaluation
    }

    /// What every candidate's evaluation shares: worded once, not per token.
    private struct Context {
        let evidence: IdentityEvidence?
        let since: GoDuration
        let allowRulesReason: String
        let memo = StepWordsMemo()

        init(request: JoinRequest, evidence: IdentityEvidence?) {
            self.evidence = evidence
            since = evidence.map { request.at.since($0.document.pendingTime) } ?? GoDuration(nanoseconds: 0)
            allowRulesReason = evidence.map { "no rule matches account \($0.document.accountID) in \($0.document.region)" } ?? ""
        }
    }

    private func evaluate(_ token: ProvisionToken, context: Context, detailed: Bool) -> TokenEvaluation {
        var steps: [EvaluationStep] = []
        if detailed { steps.reserveCapacity(EvaluationStep.Name.allCases.count) }
        var failure: EvaluationStep?
        var progress = 0
        var matchedRule: (number: Int, rule: AllowRule)?
        var name: String { quoted(token.displayName) }

        /// Runs a step's check. Detailed, every step is kept, worded; otherwise only the
        /// failing one is (the verdict and the summary quote it).
        let memo = context.memo
        func record(_ step: EvaluationStep.Name, reason: String? = nil, _ check: (Bool) -> (EvaluationStep.Status, StepWords)) {
            guard failure == nil else {
                if detailed {
                    var skipped = EvaluationStep(name: step, status: .skip, detail: "not evaluated")
                    skipped.detailID = memo.constant("not evaluated").id
                    steps.append(skipped)
                }
                return
            }
            let (status, words) = check(detailed)
            if status == .fail {
                // Undetailed, a failure needs words only for its summary reason; a candidate that
                // decides the verdict is evaluated again, in full.
                let worded = detailed ? words : (reason == nil ? check(true).1 : "")
                failure = EvaluationStep(name: step, status: status, detail: worded.text, reason: reason ?? worded.text)
                failure?.detailID = worded.id
            } else {
                progress += 1
            }
            if detailed {
                var kept = failure ?? EvaluationStep(name: step, status: status, detail: words.text, reason: reason)
                if failure == nil { kept.detailID = words.id }
                steps.append(kept)
            }
        }

        if let node = request.node {
            let config = node.configStep
            record(.config, reason: config.reason) { _ in (config.passed ? .pass : .fail, memo.constant(config.detail)) }
        }
        record(.token) { detailed in (.pass, detailed ? "token \(name) exists" : "") }
        record(.expiry, reason: "expired") { detailed in
            guard let expires = token.expires else { return (.pass, memo.constant("never expires")) }
            if token.isExpired(at: request.at) { return (.fail, detailed ? "token \(name) expired at \(expires)" : "") }
            return (.pass, detailed ? memo.words(.expires(expires)) { "expires at \(expires)" } : "")
        }
        if let node = request.node {
            var method = node.methodStep(token: token)
            if method.passed, context.evidence != nil, token.joinMethod != .ec2 {
                method = (
                    false, "an EC2 identity document was given, but the configuration and token \(name) use the \(quoted(token.joinMethod.rawValue)) join method",
                    "uses the \(quoted(token.joinMethod.rawValue)) join method, not \"ec2\""
                )
            }
            record(.joinMethod, reason: method.reason) { _ in (method.passed ? .pass : .fail, StepWords(method.detail)) }
            let roles = node.roleStep(token: token, ec2: token.joinMethod == .ec2)
            record(.role, reason: roles.reason) { _ in (roles.passed ? .pass : .fail, StepWords(roles.detail)) }
        } else {
            record(.joinMethod, reason: token.joinMethod == .ec2 ? nil : "uses the \(quoted(token.joinMethod.rawValue)) join method, not \"ec2\"") { detailed in
                token.joinMethod == .ec2
                    ? (.pass, "ec2")
                    : (.fail, detailed ? "token \(name) uses the \(quoted(token.joinMethod.rawValue)) join method, not \"ec2\"" : "")
            }
            record(.role, reason: request.role.flatMap { $0.isAllowedForEC2Join ? "does not grant role \($0.name)" : nil }) { detailed in
                guard let role = request.role else { return (.skip, "not requested") }
                guard role.isAllowedForEC2Join else { return (.fail, "role \(role.name) is unsupported for the EC2 join method") }
                guard token.roles.contains(role) else {
                    return (
                        .fail,
                        detailed ? "token \(name) does not grant role \(role.name) (it grants \(token.roles.map(\.name).joined(separator: ", ")))" : ""
                    )
                }
                return (.pass, detailed ? "\(role.name) is granted" : "")
            }
        }
        guard let evidence = context.evidence else {
            for step in EvaluationStep.Name.allCases.drop(while: { $0 != .signature }) {
                record(step) { _ in (.skip, memo.constant("not evaluated: no identity document given (--iid)")) }
            }
            return TokenEvaluation(
                displayName: token.displayName, steps: steps, rule: nil, sortKey: token.name, failure: failure, progress: progress)
        }
        let document = evidence.document
        record(.signature) { _ in
            switch evidence.signature.status {
            case .verified: return (.pass, memo.constant(evidence.signature.detail))
            case .invalid: return (.fail, memo.constant(evidence.signature.detail))
            case .unsigned:
                return request.requireSignature
                    ? (.fail, "the document is not signed and --require-signature was given; fetch the rsa2048 document")
                    : (.skip, memo.constant(evidence.signature.detail))
            }
        }
        record(.hostID) { detailed in
            guard let hostID = request.hostID else { return (.skip, memo.constant("not requested")) }
            return hostID == document.hostID
                ? (.pass, detailed ? "\(hostID) matches" : "")
                : (.fail, "requested host ID does not match the Instance Identity Document (it gives \(document.hostID))")
        }
        record(.ttl) { detailed in
            let ttl = token.awsIIDTTL ?? ProvisionToken.defaultEC2IIDTTL
            let since = context.since
            if since < GoDuration(nanoseconds: -JoinEvaluator.futureTolerance.nanoseconds) {
                return (.fail, "Instance Identity Document PendingTime appears to be in the future")
            }
            if since > ttl {
                return (
                    .fail,
                    "Instance Identity Document with PendingTime \(document.pendingTime) is older than configured TTL of \(ttl) (\(since) had passed)"
                )
            }
            return (.pass, detailed ? memo.words(.ttl(ttl.nanoseconds)) { "\(since) since launch, within the TTL of \(ttl)" } : "")
        }
        record(.allowRules, reason: context.allowRulesReason) { detailed in
            for (index, rule) in token.allow.enumerated() {
                if !rule.awsAccount.isEmpty && rule.awsAccount != document.accountID { continue }
                if !rule.awsRegions.isEmpty && !rule.awsRegions.contains(document.region) { continue }
                matchedRule = (index + 1, rule)
                guard detailed else { return (.pass, "") }
                let key = StepWordsMemo.Key.rule(number: index + 1, anyAccount: rule.awsAccount.isEmpty, anyRegion: rule.awsRegions.isEmpty)
                return (.pass, memo.words(key) {
                    let account = rule.awsAccount.isEmpty ? "any account" : "account \(rule.awsAccount)"
                    let regions = rule.awsRegions.isEmpty ? "any region" : "region \(document.region)"
                    return "rule \(index + 1) matches (\(account), \(regions))"
                })
            }
            return (.fail, detailed ? "instance \(document.instanceID) did not match any allow rules in token \(token.displayName)" : "")
        }
        record(.describeInstances) { detailed in
            guard detailed else { return (.skip, "") }
            let role = matchedRule?.rule.awsRole ?? ""
            return (.skip, memo.words(.describe(role: role)) {
                let credentials = role.isEmpty ? "with the Auth Service's own AWS credentials" : "assuming \(role)"
                return "not checked offline: Teleport next calls ec2:DescribeInstances for \(document.instanceID) in \(document.region) \(credentials) and requires it to be running"
            })
        }
        return TokenEvaluation(
            displayName: token.displayName, steps: steps, rule: matchedRule?.number, sortKey: token.name, failure: failure,
            progress: progress)
    }
}
