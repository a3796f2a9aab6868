/// What the operator asked besides the evidence: the time of the join, the
/// role, the host ID, whether a signature is required, the node's configuration.
public struct JoinRequest: Sendable {
    public var at: Timestamp
    public var role: SystemRole?
    public var hostID: String?
    public var requireSignature: Bool
    /// The node's teleport.yaml: adds the `config` step, and decides the method and the roles requested.
    public var node: NodeJoinRequest?
    /// How the operator gives the evidence, for the words of a step that lacks it.
    public var inputNames: InputNames

    public init(
        at: Timestamp, role: SystemRole? = nil, hostID: String? = nil, requireSignature: Bool = false, node: NodeJoinRequest? = nil,
        inputNames: InputNames = .plain
    ) {
        self.at = at
        self.role = role
        self.hostID = hostID
        self.requireSignature = requireSignature
        self.node = node
        self.inputNames = inputNames
    }
}

/// What a join presents: an EC2 identity document, or an IAM caller identity.
public enum JoinEvidence: Sendable {
    case ec2(IdentityEvidence)
    case iam(CallerIdentity)

    public var joinMethod: JoinMethod {
        switch self {
        case .ec2: .ec2
        case .iam: .iam
        }
    }

    public var account: String {
        switch self {
        case .ec2(let evidence): evidence.document.accountID
        case .iam(let caller): caller.account
        }
    }

    /// The document's region (ec2); an IAM identity has none.
    public var region: String? {
        if case .ec2(let evidence) = self { return evidence.document.region }
        return nil
    }
}

/// Evaluates candidate tokens against a join's evidence as Teleport's EC2
/// (SPEC §4) or IAM (§4.2) join method would, offline; with a node's
/// configuration (§4.3), the join that configuration makes.
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
        /// Every candidate's (JSON, or every checklist asked for).
        case all
        /// The deciding candidate's; the others' failing step only (for the verdict and the summary).
        case decisive
    }

    /// An EC2 join (or, without a document, the configuration's steps only).
    public func evaluate(
        _ evidence: IdentityEvidence?, candidates: [ProvisionToken], missing: [String] = [], detail: Detail = .all
    ) -> CheckReport {
        evaluate(evidence: evidence.map(JoinEvidence.ec2), candidates: candidates, missing: missing, detail: detail)
    }

    public func evaluate(
        evidence: JoinEvidence?, candidates: [ProvisionToken], missing: [String] = [], detail: Detail = .all
    ) -> CheckReport {
        let context = Context(request: request, evidence: evidence)
        var evaluations: [TokenEvaluation] = []
        evaluations.reserveCapacity(candidates.count + missing.count)
        // Read in place: a token copied per candidate (or per comparison) cost more than evaluating it.
        candidates.withUnsafeBufferPointer { tokens in
            var order = Array(tokens.indices)
            let sorted = tokens.indices.dropFirst().allSatisfy { !bytewiseLess(tokens[$0].name, tokens[$0 - 1].name) }
            if !sorted { order.sort { bytewiseLess(tokens[$0].name, tokens[$1].name) } }
            for index in order {
                evaluations.append(context.evaluate(tokens[index], detailed: detail == .all))
                evaluations[evaluations.count - 1].candidate = index
            }
        }
        if !missing.isEmpty {
            evaluations += missing.map { notFound($0, context: context) }
            evaluations.sort { bytewiseLess($0.sortKey, $1.sortKey) }
        }
        var report = CheckReport(evidence: evidence, at: request.at, tokens: evaluations, node: request.node, inputNames: request.inputNames)
        if detail == .decisive, let decisive = report.decisiveIndex, let candidate = report.tokens[decisive].candidate {
            report.tokens[decisive] = context.evaluate(candidates[candidate], detailed: true)
        }
        return report
    }

    public func evaluate(_ token: ProvisionToken, evidence: IdentityEvidence?) -> TokenEvaluation {
        var evaluation = Context(request: request, evidence: evidence.map(JoinEvidence.ec2)).evaluate(token, detailed: true)
        // Numbers mean something only among the candidates of one evaluation.
        for index in evaluation.steps.indices { evaluation.steps[index].detailID = nil }
        return evaluation
    }

    /// What every candidate's evaluation shares, worded once, not per
    /// token; a class, so that evaluating a candidate copies nothing of it.
    final class Context {
        let request: JoinRequest
        let evidence: JoinEvidence?
        let since: GoDuration
        let allowRulesReason: String
        let memo = StepWordsMemo()
        /// The join method whose steps are listed: the evidence's, else the node configuration's.
        let method: JoinMethod?

        init(request: JoinRequest, evidence: JoinEvidence?) {
            self.request = request
            self.evidence = evidence
            method = evidence?.joinMethod ?? request.node?.method.flatMap(JoinMethod.init(rawValue:)) ?? (request.node == nil ? .ec2 : nil)
            switch evidence {
            case .ec2(let identity):
                since = request.at.since(identity.document.pendingTime)
                allowRulesReason = "no rule matches account \(identity.document.accountID) in \(identity.document.region)"
            case .iam(let caller):
                since = GoDuration(nanoseconds: 0)
                allowRulesReason = "no rule matches \(caller.arn)"
            case nil:
                since = GoDuration(nanoseconds: 0)
                allowRulesReason = ""
            }
        }

        /// The steps a token's checklist lists, in Teleport's order.
        var stepNames: [EvaluationStep.Name] { common + identitySteps }

        private var common: [EvaluationStep.Name] { [.token, .expiry, .joinMethod, .role] }

        /// The method's own steps after the common ones; none for a method whose identity tokenctl does not evaluate.
        var identitySteps: [EvaluationStep.Name] {
            switch method {
            case .ec2: [.signature, .hostID, .ttl, .allowRules, .describeInstances]
            case .iam: [.allowRules]
            default: []
            }
        }

        /// Why the identity steps were not evaluated, when no evidence was given.
        var missingEvidence: String {
            method == .iam
                ? "not evaluated: no caller identity given (\(request.inputNames.callerIdentity))"
                : "not evaluated: no identity document given (\(request.inputNames.identityDocument))"
        }
    }

    private func notFound(_ name: String, context: Context) -> TokenEvaluation {
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
        for name in context.stepNames where name != .token {
            steps.append(EvaluationStep(name: name, status: .skip, detail: "not evaluated"))
        }
        return TokenEvaluation(displayName: shown, steps: steps, rule: nil, sortKey: name)
    }
}

/// Runs a token's steps in order. Detailed, every step is kept, worded;
/// otherwise only the failing one is (the verdict and the summary quote it).
/// After the first failure the rest are not evaluated.
struct StepRecorder {
    let detailed: Bool
    let memo: StepWordsMemo
    private(set) var steps: [EvaluationStep] = []
    private(set) var failure: EvaluationStep?
    private(set) var progress = 0

    init(detailed: Bool, memo: StepWordsMemo) {
        self.detailed = detailed
        self.memo = memo
        if detailed { steps.reserveCapacity(EvaluationStep.Name.count) }
    }

    /// Whether a step has failed, so that the later ones are only listed.
    var hasFailed: Bool { failure != nil }

    mutating func record(_ step: EvaluationStep.Name, reason: String? = nil, _ check: (Bool) -> (EvaluationStep.Status, StepWords)) {
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
            var failed = EvaluationStep(name: step, status: status, detail: worded.text, reason: reason ?? worded.text)
            failed.detailID = worded.id
            failure = failed
        } else {
            progress += 1
        }
        if detailed {
            var kept = failure ?? EvaluationStep(name: step, status: status, detail: words.text, reason: reason)
            if failure == nil { kept.detailID = words.id }
            steps.append(kept)
        }
    }
}

extension JoinEvaluator.Context {
    /// One candidate's checklist: detailed, every step worded; otherwise the failing one only.
    func evaluate(_ token: ProvisionToken, detailed: Bool) -> TokenEvaluation {
        var recorder = StepRecorder(detailed: detailed, memo: memo)
        // The fields the steps read, taken out once: a closure that captured
        // the token itself made a copy of the whole token per candidate.
        let displayName = token.displayName
        let expires = token.expires
        let joinMethod = token.joinMethod
        // Quoted only when words are needed: most candidates of a fleet-sized check never are.
        var name: String { quoted(displayName) }
        if let node = request.node {
            let config = node.configStep
            recorder.record(.config, reason: config.reason) { _ in (config.passed ? .pass : .fail, memo.constant(config.detail)) }
        }
        recorder.record(.token) { detailed in (.pass, detailed ? "token \(name) exists" : "") }
        recorder.record(.expiry, reason: "expired") { detailed in
            guard let expires else { return (.pass, detailed ? memo.constant("never expires") : "") }
            if expires < request.at { return (.fail, detailed ? "token \(name) expired at \(expires)" : "") }
            return (.pass, detailed ? memo.words(.expires(expires)) { "expires at \(expires)" } : "")
        }
        let method = evidence?.joinMethod ?? .ec2
        if let node = request.node {
            var step = node.methodStep(token: token)
            if step.passed, evidence != nil, token.joinMethod != method {
                step = (
                    false,
                    "the evidence given is for the \(quoted(method.rawValue)) join method, but the configuration and token \(name) use \(quoted(token.joinMethod.rawValue))",
                    "uses the \(quoted(token.joinMethod.rawValue)) join method, not \(quoted(method.rawValue))"
                )
            }
            recorder.record(.joinMethod, reason: step.reason) { _ in (step.passed ? .pass : .fail, StepWords(step.detail)) }
            let roles = node.roleStep(token: token, ec2: token.joinMethod == .ec2)
            recorder.record(.role, reason: roles.reason) { _ in (roles.passed ? .pass : .fail, StepWords(roles.detail)) }
        } else {
            let matches = joinMethod == method
            let wrongMethod = matches ? nil : "uses the \(quoted(joinMethod.rawValue)) join method, not \(quoted(method.rawValue))"
            recorder.record(.joinMethod, reason: wrongMethod) { detailed in
                matches
                    ? (.pass, detailed ? memo.constant(method.rawValue) : "")
                    : (.fail, detailed ? "token \(name) \(wrongMethod ?? "")" : "")
            }
            recordRequestedRole(granted: token.roles, method: method, name: { name }, recorder: &recorder)
        }
        var rule: Int?
        var organization: String?
        var units: OrganizationalUnits?
        switch evidence {
        case .ec2(let identity):
            rule = recordEC2Steps(
                ttl: token.awsIIDTTL ?? ProvisionToken.defaultEC2IIDTTL, allow: token.allow, tokenName: displayName, identity: identity,
                recorder: &recorder)
        case .iam(let caller):
            (rule, organization, units) = recordIAMSteps(allow: token.allow, tokenName: displayName, caller: caller, recorder: &recorder)
        case nil:
            for step in identitySteps {
                recorder.record(step) { detailed in (.skip, detailed ? memo.constant(missingEvidence) : "") }
            }
            rule = nil
        }
        var evaluation = TokenEvaluation(
            displayName: displayName, steps: recorder.steps, rule: rule, sortKey: token.name, failure: recorder.failure,
            progress: recorder.progress)
        evaluation.organization = organization
        evaluation.organizationalUnits = units
        return evaluation
    }

    /// The role asked for: the token must grant it; the EC2 method refuses some roles outright.
    private func recordRequestedRole(granted: [SystemRole], method: JoinMethod, name: () -> String, recorder: inout StepRecorder) {
        let supported = { (role: SystemRole) in method != .ec2 || role.isAllowedForEC2Join }
        recorder.record(.role, reason: request.role.flatMap { supported($0) ? "does not grant role \($0.name)" : nil }) { detailed in
            guard let role = request.role else { return (.skip, detailed ? memo.constant("not requested") : "") }
            guard supported(role) else { return (.fail, "role \(role.name) is unsupported for the EC2 join method") }
            guard granted.contains(role) else {
                return (
                    .fail,
                    detailed ? "token \(name()) does not grant role \(role.name) (it grants \(granted.map(\.name).joined(separator: ", ")))" : ""
                )
            }
            return (.pass, detailed ? memo.words(.text(role.name + " is granted")) { "\(role.name) is granted" } : "")
        }
    }
}
