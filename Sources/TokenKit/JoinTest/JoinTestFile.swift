/// A `tokenctl test` case file (SPEC §7): expected join verdicts, so CI can
/// show that the right instances get in and the wrong ones stay out.
public struct JoinTestFile: Sendable {
    public var name: String
    /// Default manifests for every case (files or directories, relative to the case file); empty: the store.
    public var manifests: [Located<String>]
    public var cases: [JoinTestCase]
}

/// One expected verdict.
public struct JoinTestCase: Sendable {
    public enum Expectation: String, Sendable, CaseIterable {
        case allowed, denied
    }

    /// An EC2 identity document (and the legacy signature) a case presents.
    public struct IdentityDocumentPaths: Sendable {
        public var path: Located<String>
        public var signature: Located<String>?
    }

    public var name: Located<String>
    /// The span of the case's list item: where its result is reported.
    public var range: SourceRange
    /// The identity document; a case gives it, a node configuration, or both.
    public var iid: IdentityDocumentPaths?
    /// The joining node's teleport.yaml (SPEC §4.3), relative to the case file.
    public var config: Located<String>?
    /// An IAM join's caller ARN (SPEC §4.2), checked when the file is read.
    public var callerARN: Located<String>?
    /// An IAM join's `aws sts get-caller-identity` output, relative to the case file.
    public var callerIdentity: Located<String>?
    public var at: Located<String>?
    public var role: Located<SystemRole>?
    public var hostID: String?
    public var requireSignature: Bool
    public var expect: Expectation
    public var token: Located<String>?
    public var rule: Located<Int>?
    public var reason: Located<String>?
}

/// Reads a case file from its YAML tree, with the same error rules and
/// positions as manifests: unknown keys with "did you mean", wrong types,
/// missing required keys.
public struct JoinTestFileReader: Sendable {
    public var limits: InputLimits

    public init(limits: InputLimits = .standard) {
        self.limits = limits
    }

    static let fileFields = ["manifests", "cases"]
    static let caseFields = [
        "name", "iid", "signature", "require_signature", "caller_arn", "caller_identity", "config", "at", "role",
        "host_id", "expect", "token", "rule", "reason",
    ]
    /// The keys that give a join's evidence; a case gives at most one.
    static let evidenceKeys = ["iid", "caller_arn", "caller_identity"]

    /// The file, or the findings that make it unusable.
    public func read(_ text: SourceText) -> (file: JoinTestFile?, findings: [Finding]) {
        var documents: [YAMLNode] = []
        var findings: [Finding] = []
        let fatal = YAMLParser(limits: limits).parse(text) { document in
            findings += document.findings
            if !document.isEmpty { documents.append(document.root) }
        }
        if let fatal { return (nil, findings + [fatal]) }
        guard documents.count == 1, let root = documents.first else {
            let message = documents.isEmpty ? "the case file is empty; it needs \"cases:\"" : "a case file holds one YAML document, not \(documents.count)"
            return (nil, findings + [Finding(documents.isEmpty ? .noResources : .yamlSyntax, at: .point(.start), message)])
        }
        var decoder = CaseDecoder()
        let file = decoder.file(root, name: text.name)
        findings += decoder.findings
        return (findings.isEmpty ? file : nil, findings)
    }

    /// Whether a manifest document is a case file's (top-level `cases`, no `kind`), for `lint`.
    public static func isCaseDocument(_ root: YAMLNode) -> Bool {
        guard let entries = root.entries else { return false }
        return entries.contains { $0.name == "cases" } && !entries.contains { $0.name == "kind" }
    }

    /// The findings of one case document, for `lint`.
    public static func findings(ofCaseDocument root: YAMLNode, name: String) -> [Finding] {
        var decoder = CaseDecoder()
        _ = decoder.file(root, name: name)
        return decoder.findings
    }
}

/// The typed reading of a case file's tree.
private struct CaseDecoder {
    var findings: [Finding] = []

    mutating func file(_ root: YAMLNode, name: String) -> JoinTestFile? {
        guard let entries = root.entries else {
            findings.append(Finding(.wrongType, at: root.range, "a case file must be a mapping with \"cases:\", not \(root.kindDescription)"))
            return nil
        }
        var manifests: [Located<String>] = []
        var cases: [JoinTestCase] = []
        var casesKey: SourceRange?
        for entry in entries {
            guard let key = known(entry, JoinTestFileReader.fileFields, path: "") else { continue }
            switch key {
            case "manifests":
                if let single = entry.value.scalar, ResolvedScalar(single) == .string {
                    manifests = [Located(single.value, range: entry.value.range, keyRange: entry.key.range)]
                } else {
                    manifests = stringList(entry, path: "manifests")
                }
            default:
                casesKey = entry.key.range
                guard let items = entry.value.items else {
                    findings.append(Finding(.wrongType, at: entry.value.range, "cases must be a list of cases, not \(entry.value.kindDescription)"))
                    continue
                }
                for (index, item) in items.enumerated() {
                    if let testCase = self.testCase(item, path: "cases[\(index)]") { cases.append(testCase) }
                }
            }
        }
        guard let casesKey else {
            findings.append(Finding(.missingField, at: .point(root.range.start), "missing \"cases:\": a case file lists its cases under it"))
            return nil
        }
        if cases.isEmpty && findings.isEmpty {
            findings.append(Finding(.missingField, at: casesKey, "\"cases\" is empty: add at least one case"))
        }
        return JoinTestFile(name: name, manifests: manifests, cases: cases)
    }

    private mutating func testCase(_ node: YAMLNode, path: String) -> JoinTestCase? {
        guard let entries = node.entries else {
            findings.append(Finding(.wrongType, at: node.range, "\(path) must be a mapping (name, iid, expect, …), not \(node.kindDescription)"))
            return nil
        }
        let before = findings.count
        var name: Located<String>?
        var iid: Located<String>?
        var signature: Located<String>?
        var config: Located<String>?
        var callerARN: Located<String>?
        var callerIdentity: Located<String>?
        var requireSignature = false
        var at: Located<String>?
        var role: Located<SystemRole>?
        var hostID: String?
        var expect: JoinTestCase.Expectation?
        var token: Located<String>?
        var rule: Located<Int>?
        var reason: Located<String>?
        for entry in entries {
            guard let key = known(entry, JoinTestFileReader.caseFields, path: path) else { continue }
            let field = path + "." + key
            switch key {
            case "name": name = string(entry, path: field)
            case "iid": iid = string(entry, path: field)
            case "signature": signature = string(entry, path: field)
            case "require_signature":
                if let scalar = entry.value.scalar, case .bool(let value) = ResolvedScalar(scalar) {
                    requireSignature = value
                } else {
                    findings.append(Finding(.wrongType, at: entry.value.range, "\(field) must be true or false, not \(entry.value.kindDescription)"))
                }
            case "config": config = string(entry, path: field)
            case "caller_arn":
                callerARN = string(entry, path: field)
                if let arn = callerARN {
                    do { _ = try CallerIdentity(arn: arn.value) } catch { findings.append(Finding(.wrongType, at: arn.range, "\(field): \(error.message)")) }
                }
            case "caller_identity": callerIdentity = string(entry, path: field)
            case "at":
                at = string(entry, path: field)
                if let text = at {
                    do { _ = try JoinTime(parsing: text.value) } catch { findings.append(Finding(.invalidTimestamp, at: text.range, "\(field): \(error.message)")) }
                }
            case "role":
                if let text = string(entry, path: field) {
                    if let parsed = SystemRole(text.value) {
                        role = Located(parsed, range: text.range, keyRange: text.keyRange)
                    } else {
                        var message = "\(field): role \(quoted(text.value)) is not registered"
                        if let suggestion = nearest(to: text.value, in: SystemRole.canonicalNames) { message += "; did you mean \(quoted(suggestion))?" }
                        findings.append(Finding(.invalidRole, at: text.range, message))
                    }
                }
            case "host_id": hostID = string(entry, path: field)?.value
            case "expect":
                if let text = string(entry, path: field) {
                    if let value = JoinTestCase.Expectation(rawValue: text.value) {
                        expect = value
                    } else {
                        findings.append(Finding(.wrongType, at: text.range, "\(field) must be \"allowed\" or \"denied\", not \(quoted(text.value))"))
                    }
                }
            case "token": token = string(entry, path: field)
            case "rule":
                if let scalar = entry.value.scalar, ResolvedScalar(scalar) == .int, let value = Int(scalar.value), value >= 1 {
                    rule = Located(value, range: entry.value.range, keyRange: entry.key.range)
                } else {
                    findings.append(Finding(.wrongType, at: entry.value.range, "\(field) must be an allow rule number (1, 2, …), not \(entry.value.kindDescription)"))
                }
            default: reason = string(entry, path: field)
            }
        }
        let anchor = SourceRange.point(node.range.start)
        // A key that is there but unusable was reported already; only an absent one is missing.
        let present = Set(entries.compactMap(\.name))
        if name == nil && !present.contains("name") { findings.append(Finding(.missingField, at: anchor, "\(path) has no name: add \"name:\"")) }
        if expect == nil && !present.contains("expect") { findings.append(Finding(.missingField, at: anchor, "\(path) has no expectation: add \"expect: allowed\" or \"expect: denied\"")) }
        let evidence = entries.filter { $0.name.map(JoinTestFileReader.evidenceKeys.contains) ?? false }
        if evidence.count > 1, let second = evidence.dropFirst().first {
            findings.append(
                Finding(
                    .wrongType, at: second.key.range,
                    "\(path) gives \(evidence.compactMap(\.name).joined(separator: " and ")): a case is one join, so give one of iid (ec2), caller_arn or caller_identity (iam)"))
        }
        if present.isDisjoint(with: JoinTestFileReader.evidenceKeys + ["config"]) {
            findings.append(
                Finding(
                    .missingField, at: anchor,
                    "\(path) has no evidence: add \"iid:\" (an EC2 identity document file) or \"caller_arn:\" (an IAM caller), \"config:\" (the node's teleport.yaml), or both"))
        }
        if iid == nil, let at, at.value.hasPrefix("pending") {
            findings.append(Finding(.invalidTimestamp, at: at.range, "\(path).at is relative to the identity document's pendingTime, and the case gives no iid"))
        }
        if expect == .denied, let rule {
            findings.append(Finding(.wrongType, at: rule.keyRange, "\(path).rule names the allow rule that allows; it goes with \"expect: allowed\""))
        }
        if expect == .allowed, let reason {
            findings.append(Finding(.wrongType, at: reason.keyRange, "\(path).reason is a substring of the denial; it goes with \"expect: denied\""))
        }
        guard findings.count == before, let name, let expect, iid != nil || config != nil || callerARN != nil || callerIdentity != nil
        else { return nil }
        return JoinTestCase(
            name: name, range: node.range, iid: iid.map { JoinTestCase.IdentityDocumentPaths(path: $0, signature: signature) },
            config: config, callerARN: callerARN, callerIdentity: callerIdentity, at: at, role: role, hostID: hostID,
            requireSignature: requireSignature, expect: expect, token: token, rule: rule, reason: reason)
    }

    /// The key's name when it is one of `known`; otherwise an `unknown-field` finding with "did you mean".
    private mutating func known(_ entry: YAMLEntry, _ known: [String], path: String) -> String? {
        guard let name = entry.name, entry.key.scalar != nil else {
            findings.append(Finding(.wrongType, at: entry.key.range, "keys must be field names, not \(entry.key.kindDescription)"))
            return nil
        }
        guard known.contains(name) else {
            var message = "unknown field \(quoted(path.isEmpty ? name : path + "." + name)) in a case file"
            if let suggestion = nearest(to: name, in: known) { message += "; did you mean \(quoted(suggestion))?" }
            findings.append(Finding(.unknownField, at: entry.key.range, message))
            return nil
        }
        return name
    }

    private mutating func string(_ entry: YAMLEntry, path: String) -> Located<String>? {
        guard let scalar = entry.value.scalar else {
            findings.append(Finding(.wrongType, at: entry.value.range, "\(path) must be a string, not \(entry.value.kindDescription)"))
            return nil
        }
        switch ResolvedScalar(scalar) {
        case .string, .mergeKey: return Located(scalar.value, range: entry.value.range, keyRange: entry.key.range)
        case .null:
            findings.append(Finding(.missingField, at: entry.value.range, "\(path) is empty"))
            return nil
        case let resolved:
            findings.append(Finding(.wrongType, at: entry.value.range, TokenSourceDecoder.notAString(scalar, resolved: resolved, path: path)))
            return nil
        }
    }

    private mutating func stringList(_ entry: YAMLEntry, path: String) -> [Located<String>] {
        guard let items = entry.value.items else {
            findings.append(Finding(.wrongType, at: entry.value.range, "\(path) must be a path or a list of paths, not \(entry.value.kindDescription)"))
            return []
        }
        return items.enumerated().compactMap { index, item in
            string(YAMLEntry(key: entry.key, value: item), path: "\(path)[\(index)]")
        }
    }
}
