/// One token document of a manifest file, decoded and validated.
public struct TokenDocument: Sendable {
    public var source: TokenSource
    /// Errors (SPEC §2.2) found in this document.
    public var errors: [Finding]
    public var token: ProvisionToken?
    /// The warning a real v1 document gets.
    public var legacyWarning: Finding?

    /// The token's name as it may be shown (masked when it is a secret), if it has one.
    public var displayName: String? {
        if let token { return token.displayName }
        guard let name = source.name?.value, !name.isEmpty else { return nil }
        return hasSecretName ? SecretMask.mask(name) : name
    }

    /// The name (or, when it is not a string, its text) if it is a secret:
    /// the join method is `token`, given or defaulted — not another method,
    /// and not an unknown one.
    public var secretName: String? {
        guard hasSecretName else { return nil }
        if let name = token?.name ?? source.name?.value ?? source.unusableNameText, !name.isEmpty { return name }
        return nil
    }

    private var hasSecretName: Bool {
        if let token { return token.isSecret }
        guard let method = source.joinMethod?.value, !method.isEmpty else {
            return JoinMethod.unspecifiedDefault(hasAllowRules: !source.allow.isEmpty) == .token
        }
        return method == JoinMethod.token.rawValue
    }
}

/// A manifest file read into token documents.
public struct ManifestFile: Sendable {
    public var text: SourceText
    public var tokens: [TokenDocument] = []
    /// Documents of other Teleport kinds (`role`, `user`, …), by their kind.
    public var otherKinds: [Located<String>] = []
    /// Problems of the file as a whole, or of documents that are not resources.
    public var fileErrors: [Finding] = []
    /// Secrets spelled by documents that are not tokens (a teleport.yaml's token).
    public var otherSecrets: [String] = []

    public init(
        text: SourceText, tokens: [TokenDocument] = [], otherKinds: [Located<String>] = [], fileErrors: [Finding] = [],
        otherSecrets: [String] = []
    ) {
        self.text = text
        self.tokens = tokens
        self.otherKinds = otherKinds
        self.fileErrors = fileErrors
        self.otherSecrets = otherSecrets
    }
}

/// Reads manifest files: YAML streams of token resources (SPEC §2).
public struct ManifestReader: Sendable {
    /// How a `tokenctl test` case document found among manifests is listed among the other kinds.
    public static let caseFileKind = "tokenctl test cases"
    /// How a node's `teleport.yaml` found among manifests is listed among the other kinds.
    public static let configurationKind = "Teleport configuration"

    public var limits: InputLimits
    /// How the operator gives inputs, for fixes that name one.
    public var inputNames: InputNames

    public init(limits: InputLimits = .standard, inputNames: InputNames = .plain) {
        self.limits = limits
        self.inputNames = inputNames
    }

    /// Reads a whole file into memory.
    public func read(_ text: SourceText) -> ManifestFile {
        var tokens: [TokenDocument] = []
        let outline = read(text) { tokens.append($0) }
        return ManifestFile(
            text: text, tokens: tokens, otherKinds: outline.otherKinds, fileErrors: outline.fileErrors,
            otherSecrets: outline.otherSecrets)
    }

    /// What a streamed read leaves besides the token documents.
    public struct Outline: Sendable {
        public var otherKinds: [Located<String>] = []
        public var fileErrors: [Finding] = []
        public var otherSecrets: [String] = []
    }

    /// Reads document by document, handing each token document to `body`
    /// as soon as it is decoded and validated.
    public func read(_ text: SourceText, _ body: (TokenDocument) -> Void) -> Outline {
        var outline = Outline()
        var resources = 0
        let fatal = YAMLParser(limits: limits).parse(text) { document in
            guard !document.isEmpty else { return }
            let roots = document.root.items.map(Array.init) ?? [document.root]
            var findings = document.findings
            for root in roots {
                resources += 1
                guard root.entries != nil else {
                    if document.root.items != nil, let scalar = root.scalar, ResolvedScalar(scalar) == .null { continue }
                    outline.fileErrors.append(
                        Finding(
                            .wrongType, at: root.range,
                            "a resource must be a mapping (kind, version, metadata, spec), not \(root.kindDescription)"))
                    continue
                }
                // A `tokenctl test` case file found among manifests (SPEC §7): validated, not a token.
                if JoinTestFileReader.isCaseDocument(root) {
                    outline.fileErrors += findings + JoinTestFileReader.findings(ofCaseDocument: root, name: text.name)
                    outline.otherKinds.append(Located(ManifestReader.caseFileKind, range: root.range, keyRange: root.range))
                    findings = []
                    continue
                }
                // A node's teleport.yaml (SPEC §4.3): checked as Teleport would start it, not a token.
                if NodeConfigurationReader.isConfigurationDocument(root) {
                    let (configuration, configurationFindings) = NodeConfigurationReader(limits: limits).read(root)
                    outline.fileErrors += findings + configurationFindings
                    outline.otherSecrets += configuration.secrets
                    outline.otherKinds.append(Located(ManifestReader.configurationKind, range: root.range, keyRange: root.range))
                    findings = []
                    continue
                }
                // Duplicate keys belong to the first resource of their document.
                if let token = readResource(root, findings: findings, otherKinds: &outline.otherKinds) {
                    body(token)
                }
                findings = []
            }
            outline.fileErrors += findings
        }
        if let fatal {
            outline.fileErrors.append(fatal)
        } else if resources == 0 {
            outline.fileErrors.append(
                Finding(
                    .noResources, at: .point(.start),
                    "no resources found, empty input? The file holds no YAML document"))
        }
        return outline
    }

    private func readResource(_ root: YAMLNode, findings: [Finding], otherKinds: inout [Located<String>]) -> TokenDocument? {
        var errors = findings
        let entries = root.entries ?? .empty
        let kindEntry = entries.first { $0.name == "kind" }
        if let kindEntry, let scalar = kindEntry.value.scalar, ResolvedScalar(scalar).isString, scalar.value != "token" {
            let kind = Located(scalar.value, range: kindEntry.value.range, keyRange: kindEntry.key.range)
            guard editDistance(scalar.value.lowercased(), "token") <= 2 else {
                otherKinds.append(kind)
                return nil
            }
            errors.append(
                Finding(
                    .unsupportedKind, at: kind.range,
                    "kind \(quoted(scalar.value)) is not supported (kinds are case-sensitive); did you mean \"token\"?"))
        }
        var decoder = TokenSourceDecoder()
        let source = decoder.decode(root)
        errors += decoder.findings
        if kindEntry == nil && !source.isLegacyV1 {
            errors.append(Finding(.missingField, at: .point(root.range.start), "missing parameter kind: add \"kind: token\""))
        }
        let validation = TokenValidation(source, inputNames: inputNames)
        errors += validation.findings
        return TokenDocument(
            source: source, errors: errors, token: errors.isEmpty ? validation.token : nil,
            legacyWarning: validation.legacyWarning)
    }
}
