/// One input file after linting.
public struct LintedFile: Sendable {
    public var name: String
    public var text: SourceText?
    public var diagnostics: [Diagnostic]
    /// Why the file could not be read, if it could not.
    public var readError: String?
    public var otherKindsSkipped: Int
    /// The valid tokens of the file, for commands that go on to store them.
    public var tokens: [ProvisionToken]
}

/// The outcome of linting a set of inputs.
public struct LintReport: Sendable {
    public var files: [LintedFile]

    public var diagnostics: [Diagnostic] { files.flatMap(\.diagnostics) }

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

    /// 2: some input unusable; 1: errors (or warnings when strict); 0: clean.
    public func exitStatus(strict: Bool) -> Int32 {
        let diagnostics = self.diagnostics
        if files.contains(where: { $0.readError != nil }) || diagnostics.contains(where: { $0.rule.makesInputUnusable }) {
            return 2
        }
        if diagnostics.contains(where: { $0.severity == .error }) { return 1 }
        if strict && !diagnostics.isEmpty { return 1 }
        return 0
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
    private let activeRules: [any LintRule]

    public init(now: Timestamp, disabled: Set<RuleID> = [], otherKinds: OtherKinds = .skip, limits: InputLimits = .standard) {
        self.now = now
        self.disabled = disabled
        self.otherKinds = otherKinds
        self.limits = limits
        activeRules = LintRules.all.filter { !disabled.contains($0.id) }
    }

    public func lint(_ inputs: [InputFile]) -> LintReport {
        var firstDefinition: [String: (file: String, range: SourceRange)] = [:]
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
                files.append(lintFile(SourceText(name: input.name, bytes: bytes), firstDefinition: &firstDefinition))
            }
        }
        return LintReport(files: files)
    }

    private func lintFile(
        _ source: SourceText, firstDefinition: inout [String: (file: String, range: SourceRange)]
    ) -> LintedFile {
        var text = source
        var found: [PendingFinding] = []
        var tokens: [ProvisionToken] = []
        var secrets: [SecretName] = []
        var legacyWarnings: [Finding] = []
        let manifest = ManifestReader(limits: limits).read(text) { document in
            let display = document.displayName
            var secret: SecretName?
            if let name = document.source.name?.value, let display, display != name {
                secret = SecretName(name: name, masked: display)
                secrets.append(SecretName(name: name, masked: display))
            }
            let documentSecrets = secret.map { [$0] } ?? []
            func add(_ finding: Finding) {
                found.append(PendingFinding(finding: finding, token: display, secrets: documentSecrets))
            }
            document.errors.forEach(add)
            if let name = document.source.name, !name.value.isEmpty {
                if let first = firstDefinition[name.value] {
                    let label = display.map(quoted) ?? quoted(name.value)
                    add(
                        Finding(
                            .duplicateToken, at: name.range,
                            "token \(label) is defined twice: first at \(first.file):\(first.range.start); token names must be unique",
                            related: first.range, relatedFile: first.file))
                } else {
                    firstDefinition[name.value] = (text.name, name.range)
                }
            }
            guard let token = document.token else { return }
            tokens.append(token)
            if let legacy = document.legacyWarning {
                add(legacy)
                legacyWarnings.append(legacy)
            }
            let subject = LintSubject(token: token, source: document.source, now: now)
            for rule in activeRules {
                rule.check(subject).forEach(add)
            }
        }
        // Findings outside any token document may show any line: they are masked with every secret of the file.
        found = manifest.fileErrors.map { PendingFinding(finding: $0, token: nil, secrets: nil) } + found
        if otherKinds == .reject {
            for kind in manifest.otherKinds {
                let finding = Finding(
                    .unsupportedKind, at: kind.range,
                    "kind \(quoted(kind.value)) is not supported here: tokenctl stores only \"kind: token\" resources; use tctl for other kinds"
                )
                found.append(PendingFinding(finding: finding, token: nil, secrets: nil))
            }
        }
        var diagnostics: [Diagnostic] = []
        if !found.isEmpty {
            text.buildLineIndex()
            let suppressions = Suppressions(text)
            for pending in found where !disabled.contains(pending.finding.rule) {
                let finding = pending.finding
                guard !suppressions.isSuppressed(finding.rule, atLine: finding.range.start.line) else { continue }
                var item = diagnostic(finding, file: text.name, token: pending.token)
                if finding.rule == .legacyV1 && legacyWarnings.contains(finding) {
                    item.severity = .warning
                }
                item.secrets = pending.secrets ?? secrets
                item.message = SecretRedaction.redact(item.message, secrets: item.secrets)
                diagnostics.append(item)
            }
            diagnostics.sort(by: Linter.order)
        }
        return LintedFile(
            name: text.name, text: text, diagnostics: diagnostics, readError: nil,
            otherKindsSkipped: otherKinds == .skip ? manifest.otherKinds.count : 0, tokens: tokens)
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

/// A finding waiting to become a diagnostic, with its document's token name
/// (as shown) and the secrets to mask in what it shows: its document's, or
/// (nil) every secret of the file for findings outside any token document.
struct PendingFinding {
    var finding: Finding
    var token: String?
    var secrets: [SecretName]?
}

/// Replaces secret token names with their masked form wherever they would be shown.
public struct SecretName: Sendable, Hashable {
    public var name: String
    public var masked: String

    public init(name: String, masked: String) {
        self.name = name
        self.masked = masked
    }
}

public enum SecretRedaction {
    public static func redact(_ text: String, secrets: [SecretName]) -> String {
        var result = text
        for secret in secrets where !secret.name.isEmpty {
            // The stdlib's own search: Foundation's `contains` is far slower here.
            if result.firstRange(of: secret.name) != nil {
                result = result.replacing(secret.name, with: secret.masked)
            }
        }
        return result
    }
}
