/// The tokens a case is evaluated against, and the secrets to mask in what
/// the results quote.
public struct CandidateSet: Sendable {
    public var tokens: [ProvisionToken]
    /// Names asked for that no token has.
    public var missing: [String]
    public var redactor: SecretRedactor

    public init(tokens: [ProvisionToken], missing: [String] = [], redactor: SecretRedactor) {
        self.tokens = tokens
        self.missing = missing
        self.redactor = redactor
    }

    /// The tokens of this set with one name, or that name as missing.
    public func named(_ name: String) -> CandidateSet {
        let matching = tokens.filter { $0.name.utf8.elementsEqual(name.utf8) }
        return CandidateSet(tokens: matching, missing: matching.isEmpty ? [name] : [], redactor: redactor)
    }
}

/// Which tokens a case is evaluated against: the ec2 candidates for a
/// document's account, or the one token a node's configuration names.
public enum CandidateQuery: Sendable, Equatable {
    /// The tokens of a join method with a rule for this account (or any).
    case account(String, JoinMethod)
    case named(String)
}

/// The outcome of one case.
public struct JoinTestResult: Sendable {
    public enum Outcome: Sendable, Equatable {
        case passed
        /// The verdict differs from the expectation: why, in words.
        case failed(String)
        /// The case could not be evaluated (its identity document is unreadable or not one).
        case error(String)
    }

    public var file: String
    public var name: String
    public var position: SourcePosition
    public var expected: JoinTestCase.Expectation
    public var outcome: Outcome
    /// What the evaluation said, when it ran.
    public var verdict: String?
    public var allowed: Bool?
    public var decidingToken: String?
    public var rule: Int?
    /// The deciding token's failing step, for a denial.
    public var step: EvaluationStep?

    public var passed: Bool { outcome == .passed }
}

/// Runs the cases of case files: each identity document read and verified
/// once however many cases use it, the certificates parsed once, and the
/// candidates asked of `candidates` (the manifests, or the store opened once
/// by the caller).
public struct JoinTestRunner {
    public var now: Timestamp
    /// How the operator gives evidence, for the words of a step that lacks it.
    public var inputNames: InputNames
    private let verifier = SignatureVerifier()
    private var evidence: [String: Result<IdentityEvidence, IdentityInputError>] = [:]
    private var configurations: [String: Result<NodeJoinRequest, ConfigurationError>] = [:]

    /// A case's teleport.yaml that cannot be read or is not a Teleport configuration.
    struct ConfigurationError: Error {
        var message: String
    }

    public init(now: Timestamp, inputNames: InputNames = .plain) {
        self.now = now
        self.inputNames = inputNames
    }

    public mutating func run(
        _ file: JoinTestFile, candidates: (CandidateQuery) throws(StoreError) -> CandidateSet
    ) throws(StoreError) -> [JoinTestResult] {
        var results: [JoinTestResult] = []
        results.reserveCapacity(file.cases.count)
        for testCase in file.cases {
            results.append(try run(testCase, in: file, candidates: candidates))
        }
        return results
    }

    private mutating func run(
        _ testCase: JoinTestCase, in file: JoinTestFile, candidates: (CandidateQuery) throws(StoreError) -> CandidateSet
    ) throws(StoreError) -> JoinTestResult {
        var result = JoinTestResult(
            file: file.name, name: testCase.name.value, position: testCase.range.start, expected: testCase.expect, outcome: .passed)
        var node: NodeJoinRequest?
        if let config = testCase.config {
            switch readConfiguration(config.value, relativeTo: file.name) {
            case .success(let read): node = read
            case .failure(let error):
                result.outcome = .error("\(file.name):\(config.range.start): config \(quoted(config.value)): \(error.message)")
                return result
            }
        }
        var evidence: JoinEvidence?
        if let iid = testCase.iid {
            switch read(iid.path.value, signature: iid.signature?.value, relativeTo: file.name) {
            case .success(let read): evidence = .ec2(read)
            case .failure(let error):
                result.outcome = .error("\(file.name):\(iid.path.range.start): iid \(quoted(iid.path.value)): \(error.message)")
                return result
            }
        } else if let arn = testCase.callerARN, let caller = try? CallerIdentity(arn: arn.value) {
            evidence = .iam(caller)
        } else if let path = testCase.callerIdentity {
            do {
                evidence = .iam(try CallerIdentity.parse(try IdentityFile.read(Self.resolve(path.value, relativeTo: file.name))))
            } catch {
                result.outcome = .error("\(file.name):\(path.range.start): caller_identity \(quoted(path.value)): \(error.message)")
                return result
            }
        }
        let pendingTime = if case .ec2(let identity) = evidence { identity.document.pendingTime } else { now }
        let at = testCase.at.flatMap { try? JoinTime(parsing: $0.value) }?.resolve(pendingTime: pendingTime) ?? now
        let request = JoinRequest(
            at: at, role: testCase.role?.value, hostID: testCase.hostID, requireSignature: testCase.requireSignature, node: node,
            inputNames: inputNames)
        var set: CandidateSet
        if let node {
            // The node presents the token its file names (the case's token when the file names a token file).
            let configured = node.configuration.tokenIsFilePath ? nil : node.configuration.token?.value
            guard let name = configured ?? testCase.token?.value ?? (node.configuration.tokenIsFilePath ? nil : "") else {
                result.outcome = .error(
                    "\(file.name):\(testCase.range.start): the node's token is read from a file on the node; add \"token:\" with the token's name")
                return result
            }
            set = try candidates(.named(name))
            set.redactor = set.redactor.adding(node.configuration.secrets)
        } else if let evidence {
            set = try candidates(.account(evidence.account, evidence.joinMethod))
        } else {
            return result
        }
        let report = JoinEvaluator(request: request).evaluate(evidence: evidence, candidates: set.tokens, missing: set.missing, detail: .decisive)
        let decisive = report.decisiveIndex.map { report.tokens[$0] }
        result.verdict = set.redactor.redact(report.verdict)
        result.allowed = report.allowed
        result.decidingToken = decisive.map { set.redactor.redactValue($0.displayName) }
        result.rule = report.allowed ? decisive?.rule : nil
        result.step = report.allowed ? nil : decisive?.failure
        result.outcome = judge(testCase, report: report, deciding: decisive, redactor: set.redactor)
        return result
    }

    private func judge(_ testCase: JoinTestCase, report: CheckReport, deciding: TokenEvaluation?, redactor: SecretRedactor) -> JoinTestResult.Outcome {
        let got: String
        if report.allowed, let deciding {
            got = "allowed by token \(quoted(redactor.redactValue(deciding.displayName)))" + (deciding.rule.map { " (allow rule \($0))" } ?? "")
        } else if let step = deciding?.failure {
            got = "denied at \(step.name.rawValue): \(redactor.redact(step.detail))"
        } else {
            got = "denied: \(redactor.redact(report.verdict))"
        }
        switch testCase.expect {
        case .allowed:
            guard report.allowed, let deciding else { return .failed("expected allowed, got \(got)") }
            if let token = testCase.token, !deciding.sortKey.utf8.elementsEqual(token.value.utf8) {
                let wanted = redactor.redactValue(token.value)
                return .failed("expected allowed by token \(quoted(wanted)), got \(got)")
            }
            if let rule = testCase.rule, deciding.rule != rule.value {
                return .failed("expected allowed by allow rule \(rule.value), got \(got)")
            }
            return .passed
        case .denied:
            guard !report.allowed else { return .failed("expected denied, got \(got)") }
            if let reason = testCase.reason {
                let denial = report.verdict + " " + (deciding?.failure?.detail ?? "")
                guard denial.contains(reason.value) else {
                    return .failed("expected a denial containing \(quoted(redactor.redact(reason.value))), got \(got)")
                }
            }
            return .passed
        }
    }

    /// A node's teleport.yaml by path relative to the case file, read once.
    private mutating func readConfiguration(_ path: String, relativeTo caseFile: String) -> Result<NodeJoinRequest, ConfigurationError> {
        let resolved = Self.resolve(path, relativeTo: caseFile)
        if let known = configurations[resolved] { return known }
        let result: Result<NodeJoinRequest, ConfigurationError>
        let input = InputFiles(allowsDevices: false).read(resolved)
        switch input.content {
        case .unreadable(let reason): result = .failure(ConfigurationError(message: "cannot read it: \(reason)"))
        case .tooLarge(let size): result = .failure(ConfigurationError(message: InputLimits.standard.fileTooLarge(size: size).message))
        case .bytes(let bytes):
            switch NodeConfigurationReader().read(SourceText(name: input.name, bytes: bytes)) {
            case .unusable(let finding): result = .failure(ConfigurationError(message: "\(finding.range.start): \(finding.message)"))
            case .configuration(let configuration, let findings):
                result = .success(NodeJoinRequest(configuration: configuration, file: input.name, findings: findings))
            }
        }
        configurations[resolved] = result
        return result
    }

    /// An identity document (and legacy signature) by path relative to the case file, read once.
    private mutating func read(_ path: String, signature: String?, relativeTo caseFile: String) -> Result<IdentityEvidence, IdentityInputError> {
        let documentPath = Self.resolve(path, relativeTo: caseFile)
        let signaturePath = signature.map { Self.resolve($0, relativeTo: caseFile) }
        let key = documentPath + "\u{0}" + (signaturePath ?? "")
        if let known = evidence[key] { return known }
        let result = Result { () throws(IdentityInputError) -> IdentityEvidence in
            let bytes = try IdentityFile.read(documentPath)
            let signatureBytes = try signaturePath.map { path throws(IdentityInputError) in try IdentityFile.read(path) }
            return try IdentityEvidence.read(bytes, signature: signatureBytes, verifier: verifier)
        }
        evidence[key] = result
        return result
    }

    /// `path` as the case file sees it: relative paths start from the case file's directory.
    public static func resolve(_ path: String, relativeTo caseFile: String) -> String {
        guard !path.hasPrefix("/"), let slash = caseFile.lastIndex(of: "/") else { return path }
        return String(caseFile[...slash]) + path
    }
}
