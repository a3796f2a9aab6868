/// One input file after linting.
public struct LintedFile: Sendable {
    public var name: String
    public var text: SourceText?
    public var diagnostics: [Diagnostic]
    /// Why the file could not be read, if it could not.
    public var readError: String?
    public var otherKindsSkipped: Int
    /// `tokenctl test` case documents found and validated.
    public var caseFilesValidated = 0
    /// Teleport configuration documents (teleport.yaml) found and checked.
    public var configurationsChecked = 0
    /// The valid tokens of the file, for commands that go on to store them.
    public var tokens: [ProvisionToken]
    /// Where the file spells a value that holds a secret (however it is
    /// escaped or folded), for masking echoed lines; found only for files
    /// with diagnostics.
    public var secretSpans: [SecretSpan] = []
}

/// The outcome of linting a set of inputs.
public struct LintReport: Sendable {
    public var files: [LintedFile]

    public var diagnostics: [Diagnostic] { files.flatMap(\.diagnostics) }

    /// The same report without the findings of Teleport configurations: for
    /// the commands that read manifests for their tokens (`check -f`, `test`),
    /// a teleport.yaml lying among them must not stop them.
    public func tokenFindingsOnly() -> LintReport {
        LintReport(files: files.map { file in
            var copy = file
            copy.diagnostics = file.diagnostics.filter { !$0.rule.isConfigurationRule }
            return copy
        })
    }

    /// The same report without its warnings.
    public func errorsOnly() -> LintReport {
        LintReport(files: files.map { file in
            var copy = file
            copy.diagnostics = file.diagnostics.filter { $0.severity == .error }
            return copy
        })
    }

    public var errorCount: Int { files.reduce(0) { $0 + $1.diagnostics.count { $0.severity == .error } } }
    public var warningCount: Int { files.reduce(0) { $0 + $1.diagnostics.count { $0.severity == .warning } } }
    public var otherKindsSkipped: Int { files.reduce(0) { $0 + $1.otherKindsSkipped } }
    public var caseFilesValidated: Int { files.reduce(0) { $0 + $1.caseFilesValidated } }
    public var configurationsChecked: Int { files.reduce(0) { $0 + $1.configurationsChecked } }

    /// The worst that was found: what the command line turns into an exit status.
    public enum Outcome: Sendable, Comparable {
        case clean, warnings, errors
        /// Some input could not be read or parsed at all.
        case unusable
    }

    public var outcome: Outcome {
        let diagnostics = self.diagnostics
        if files.contains(where: { $0.readError != nil }) || diagnostics.contains(where: { $0.rule.makesInputUnusable }) {
            return .unusable
        }
        if diagnostics.contains(where: { $0.severity == .error }) { return .errors }
        return diagnostics.isEmpty ? .clean : .warnings
    }
}

/// Reads, validates and lints manifests: the checks behind `lint` and `create`.
public struct Linter: Sendable {
    public enum OtherKinds: Sendable {
        /// `lint`: count them and move on (a whole Teleport config repository can be linted).
        case skip
        /// `create`: each one is an `unsupported-kind` error.
        case reject
    }

    public let now: Timestamp
    public let disabled: Set<RuleID>
    public let otherKinds: OtherKinds
    public let limits: InputLimits
    /// Whether `# tokenctl:ignore` may silence errors: in `lint` only. A
    /// command that goes on to use the tokens must never drop a document
    /// with an error without a word.
    public let errorsSuppressible: Bool
    /// Told of every document read (for a progress line), if set.
    public var progress: DocumentProgress?
    /// Whether each file's valid tokens are kept in the report, for a
    /// command that goes on to use them (not `lint`: a fleet's tokens held to
    /// the end cost memory and time for nothing).
    public var keepsTokens = true
    /// How the operator gives inputs, for fixes that name one.
    public let inputNames: InputNames
    private let activeRules: [any LintRule]

    public init(
        now: Timestamp, disabled: Set<RuleID> = [], otherKinds: OtherKinds = .skip, limits: InputLimits = .standard,
        errorsSuppressible: Bool = true, inputNames: InputNames = .plain
    ) {
        self.now = now
        self.inputNames = inputNames
        self.disabled = disabled
        self.otherKinds = otherKinds
        self.limits = limits
        self.errorsSuppressible = errorsSuppressible
        activeRules = LintRules.all.filter { !disabled.contains($0.id) }
    }

    public func lint(_ inputs: [InputFile]) -> LintReport {
        var firstDefinition: [[UInt8]: (file: String, range: SourceRange)] = [:]
        // A file usually holds a token or more: room for one each, so the table is not rebuilt as it grows.
        firstDefinition.reserveCapacity(inputs.count)
        var secrets: [String] = []
        var files: [LintedFile] = []
        files.reserveCapacity(inputs.count)
        for input in inputs {
            switch input.content {
            case .unreadable(let reason):
                files.append(
                    LintedFile(name: input.name, text: nil, diagnostics: [], readError: reason, otherKindsSkipped: 0, tokens: []))
            case .tooLarge(let size):
                let finding = limits.fileTooLarge(size: size)
                let diagnostics = disabled.contains(.yamlSyntax) ? [] : [diagnostic(finding, file: input.name, token: nil)]
                files.append(
                    LintedFile(name: input.name, text: nil, diagnostics: diagnostics, readError: nil, otherKindsSkipped: 0, tokens: []))
            case .bytes(let bytes):
                files.append(lintFile(SourceText(name: input.name, bytes: bytes), firstDefinition: &firstDefinition, secrets: &secrets))
            }
        }
        // A secret name may turn up in any finding or echoed line, of any file (another token's
        // field, a name defined twice), so every one is masked with every secret of the invocation.
        let redactor = SecretRedactor(secrets: secrets)
        guard !redactor.isEmpty else { return LintReport(files: files) }
        for file in files.indices where !files[file].diagnostics.isEmpty {
            if let text = files[file].text, redactor.mayHideIn(text.bytes) {
                files[file].secretSpans = secretSpans(in: text, redactor: redactor)
            }
            for index in files[file].diagnostics.indices {
                files[file].diagnostics[index].message = redactor.redact(files[file].diagnostics[index].message)
                files[file].diagnostics[index].token = files[file].diagnostics[index].token.map(redactor.redactValue)
                files[file].diagnostics[index].secrets = redactor
            }
        }
        return LintReport(files: files)
    }

    /// The spans of every scalar (key or value) whose decoded value holds a secret.
    private func secretSpans(in text: SourceText, redactor: SecretRedactor) -> [SecretSpan] {
        var spans: [SecretSpan] = []
        _ = YAMLParser(limits: limits).parse(text) { document in
            document.forEachScalar { value, range in
                if redactor.containsSecret(value) { spans.append(SecretSpan(range: range, value: value)) }
            }
        }
        return spans
    }

    private func lintFile(
        _ source: SourceText, firstDefinition: inout [[UInt8]: (file: String, range: SourceRange)],
        secrets: inout [String]
    ) -> LintedFile {
        var text = source
        var found: [PendingFinding] = []
        var tokens: [ProvisionToken] = []
        var legacyWarnings: [Finding] = []
        let manifest = ManifestReader(limits: limits, inputNames: inputNames).read(text) { document in
            progress?.advance()
            let display = document.displayName
            if let secret = document.token?.registrationSecret { secrets.append(secret) }
            if let secret = document.secretName {
                secrets.append(secret)
            }
            func add(_ finding: Finding) {
                found.append(PendingFinding(finding: finding, token: display))
            }
            document.errors.forEach(add)
            if let name = document.source.name, !name.value.isEmpty {
                // Byte for byte, as Teleport and the store compare names (NFC and NFD spellings differ).
                let key = Array(name.value.utf8)
                if let first = firstDefinition[key] {
                    let label = display.map(quoted) ?? quoted(name.value)
                    add(
                        Finding(
                            .duplicateToken, at: name.range,
                            "token \(label) is defined twice: first at \(first.file):\(first.range.start); token names must be unique",
                            related: first.range, relatedFile: first.file))
                } else {
                    firstDefinition[key] = (text.name, name.range)
                }
            }
            guard let token = document.token else { return }
            if keepsTokens { tokens.append(token) }
            if let legacy = document.legacyWarning {
                add(legacy)
                legacyWarnings.append(legacy)
            }
            let subject = LintSubject(token: token, source: document.source, now: now)
            // Each rule called where it stands: a loop variable would copy every rule's existential per document.
            for index in activeRules.indices {
                activeRules[index].check(subject).forEach(add)
            }
        }
        secrets += manifest.otherSecrets
        found = manifest.fileErrors.map { PendingFinding(finding: $0, token: nil) } + found
        if otherKinds == .reject {
            for kind in manifest.otherKinds {
                let message =
                    switch kind.value {
                    case ManifestReader.configurationKind:
                        "this is a node's Teleport configuration (teleport.yaml), not a resource: tokenctl stores only \"kind: token\" resources; check it with \(inputNames.nodeConfigurationCheck)"
                    case ManifestReader.caseFileKind:
                        "this is a tokenctl test case file, not a resource: tokenctl stores only \"kind: token\" resources; run it with tokenctl test"
                    default:
                        "kind \(quoted(kind.value)) is not supported here: tokenctl stores only \"kind: token\" resources; use tctl for other kinds"
                    }
                let finding = Finding(.unsupportedKind, at: kind.range, message)
                found.append(PendingFinding(finding: finding, token: nil))
            }
        }
        var diagnostics: [Diagnostic] = []
        if !found.isEmpty {
            text.buildLineIndex()
            var suppressions = Suppressions(text)
            for pending in found where !disabled.contains(pending.finding.rule) {
                let finding = pending.finding
                let suppressible = errorsSuppressible || finding.rule.defaultSeverity != .error
                guard !suppressible || !suppressions.isSuppressed(finding.rule, atLine: finding.range.start.line) else { continue }
                var item = diagnostic(finding, file: text.name, token: pending.token)
                if finding.rule == .legacyV1 && legacyWarnings.contains(finding) {
                    item.severity = .warning
                }
                diagnostics.append(item)
            }
            diagnostics.sort(by: Linter.order)
        }
        let cases = manifest.otherKinds.count { $0.value == ManifestReader.caseFileKind }
        let configurations = manifest.otherKinds.count { $0.value == ManifestReader.configurationKind }
        // The text is for echoing the lines of findings: a clean file's is not kept.
        var linted = LintedFile(
            name: text.name, text: diagnostics.isEmpty ? nil : text, diagnostics: diagnostics, readError: nil,
            otherKindsSkipped: otherKinds == .skip ? manifest.otherKinds.count - cases - configurations : 0, tokens: tokens)
        linted.caseFilesValidated = otherKinds == .skip ? cases : 0
        linted.configurationsChecked = otherKinds == .skip ? configurations : 0
        return linted
    }

    private func diagnostic(_ finding: Finding, file: String, token: String?) -> Diagnostic {
        Diagnostic(
            file: file, range: finding.range, severity: finding.rule.defaultSeverity, rule: finding.rule,
            message: finding.message, token: token,
            related: finding.related.map {
                RelatedLocation(file: finding.relatedFile ?? file, range: $0, message: "first occurrence")
            })
    }

    /// Line, column, then rule id (files keep their argument order).
    static func order(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        if a.range.start != b.range.start { return a.range.start < b.range.start }
        return a.rule < b.rule
    }
}

/// A finding waiting to become a diagnostic, with its document's token name (as shown).
struct PendingFinding {
    var finding: Finding
    var token: String?
}
