import Crypto

/// The lint output formats of SPEC §2.4.
public enum LintFormat: String, CaseIterable, Sendable {
    case text, json, sarif, github
    /// GitLab's Code Quality report (the Code Climate issue format).
    case codeclimate
}

public struct LintRendering: Sendable {
    public var style: TextStyle
    public var toolVersion: String

    public init(style: TextStyle = .plain, toolVersion: String) {
        self.style = style
        self.toolVersion = toolVersion
    }

    public func render(_ report: LintReport, as format: LintFormat) -> String {
        switch format {
        case .text: text(report)
        case .json: json(report)
        case .sarif: SARIFLog(report: report, toolVersion: toolVersion).rendered() + "\n"
        case .github: github(report)
        case .codeclimate: codeClimate(report)
        }
    }

    // MARK: text

    public func text(_ report: LintReport, summary: Bool = true) -> String {
        var output = ""
        for file in report.files {
            var lines = EchoedLines(file)
            for diagnostic in file.diagnostics {
                output += textDiagnostic(diagnostic, in: file, lines: &lines)
            }
        }
        if summary {
            output += summaryLine(report) + "\n"
        }
        return output
    }

    public func summaryLine(_ report: LintReport) -> String {
        var line = "\(counted(report.errorCount, "error")), \(counted(report.warningCount, "warning")) in \(counted(report.files.count, "file"))"
        var notes: [String] = []
        if report.caseFilesValidated > 0 { notes.append("\(counted(report.caseFilesValidated, "test case file")) validated") }
        if report.configurationsChecked > 0 { notes.append("\(counted(report.configurationsChecked, "Teleport configuration")) checked") }
        if report.otherKindsSkipped > 0 { notes.append("\(counted(report.otherKindsSkipped, "document")) of other kinds skipped") }
        if !notes.isEmpty { line += " (" + notes.joined(separator: ", ") + ")" }
        return line
    }

    func textDiagnostic(_ diagnostic: Diagnostic, in file: LintedFile, lines: inout EchoedLines) -> String {
        let severity = diagnostic.severity == .error ? style.apply("error", .error) : style.apply("warning", .warning)
        var output = "\(style.apply("\(diagnostic.file):\(diagnostic.range.start)", .location)): \(severity): \(diagnostic.message) \(style.apply("[\(diagnostic.rule.rawValue)]", .muted))\n"
        guard let shown = lines.line(diagnostic.range.start.line, secrets: diagnostic.secrets) else { return output }
        let (excerpt, range) = SourceExcerpt.window(shown, range: diagnostic.range)
        let number = String(diagnostic.range.start.line)
        let gutter = String(repeating: " ", count: number.count)
        output += "\(style.apply(number + " |", .muted)) \(excerpt)\n"
        output += "\(style.apply(gutter + " |", .muted)) \(caret(for: range, under: excerpt))\n"
        return output
    }

    /// `^~~~` under the span, keeping tabs so the caret lines up.
    private func caret(for range: SourceRange, under line: String) -> String {
        let scalars = Array(line.unicodeScalars)
        let startColumn = max(1, range.start.column)
        var prefix = ""
        for index in 0..<min(startColumn - 1, scalars.count) {
            prefix += scalars[index] == "\t" ? "\t" : " "
        }
        if startColumn - 1 > scalars.count {
            prefix += String(repeating: " ", count: startColumn - 1 - scalars.count)
        }
        let endColumn = range.end.line == range.start.line ? range.end.column : scalars.count + 1
        let width = max(1, min(endColumn, scalars.count + 1) - startColumn)
        return prefix + style.apply("^" + String(repeating: "~", count: width - 1), .caret)
    }


    // MARK: json

    public func json(_ report: LintReport) -> String {
        let items = report.diagnostics.map { diagnostic -> JSONValue in
            .object([
                ("file", .string(diagnostic.file)),
                ("line", .int(diagnostic.range.start.line)),
                ("column", .int(diagnostic.range.start.column)),
                ("endLine", .int(diagnostic.range.end.line)),
                ("endColumn", .int(diagnostic.range.end.column)),
                ("severity", .string(diagnostic.severity.rawValue)),
                ("rule", .string(diagnostic.rule.rawValue)),
                ("message", .string(diagnostic.message)),
                ("token", .string(diagnostic.token)),
            ])
        }
        return JSONValue.array(items).rendered() + "\n"
    }

    // MARK: github

    /// GitHub Actions workflow commands (`::error file=…::message`).
    public func github(_ report: LintReport) -> String {
        var output = ""
        for diagnostic in report.diagnostics {
            let command = diagnostic.severity == .error ? "error" : "warning"
            let properties = [
                ("file", diagnostic.file), ("line", String(diagnostic.range.start.line)),
                ("col", String(diagnostic.range.start.column)), ("endLine", String(diagnostic.range.end.line)),
                ("endColumn", String(diagnostic.range.end.column)), ("title", diagnostic.rule.rawValue),
            ].map { "\($0)=\(WorkflowCommand.escapeProperty($1))" }.joined(separator: ",")
            output += "::\(command) \(properties)::\(WorkflowCommand.escapeData(diagnostic.message))\n"
        }
        return output
    }
}

extension LintRendering {
    /// GitLab Code Quality: each finding with a stable fingerprint, so a merge request shows what it adds and fixes.
    public func codeClimate(_ report: LintReport) -> String {
        let items = report.diagnostics.map { diagnostic -> JSONValue in
            let identity = [
                diagnostic.file, diagnostic.rule.rawValue, String(diagnostic.range.start.line), String(diagnostic.range.start.column),
                diagnostic.message,
            ].joined(separator: "\u{0}")
            let fingerprint = SHA256.hash(data: Array(identity.utf8)).prefix(16).map { byte in
                String(byte >> 4, radix: 16) + String(byte & 0x0F, radix: 16)
            }.joined()
            return .object([
                ("type", .string("issue")),
                ("check_name", .string(diagnostic.rule.rawValue)),
                ("description", .string(diagnostic.message)),
                ("categories", .array([.string(diagnostic.severity == .error ? "Bug Risk" : "Security")])),
                ("severity", .string(diagnostic.severity == .error ? "major" : "minor")),
                ("fingerprint", .string(fingerprint)),
                (
                    "location",
                    .object([
                        ("path", .string(diagnostic.file)),
                        ("lines", .object([("begin", .int(diagnostic.range.start.line)), ("end", .int(diagnostic.range.end.line))])),
                    ])
                ),
            ])
        }
        return JSONValue.array(items).rendered() + "\n"
    }
}

/// Escaping for GitHub's workflow-command syntax.
public enum WorkflowCommand {
    public static func escapeData(_ text: String) -> String {
        var result = ""
        for character in text.unicodeScalars {
            switch character {
            case "%": result += "%25"
            case "\r": result += "%0D"
            case "\n": result += "%0A"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    public static func escapeProperty(_ text: String) -> String {
        var result = ""
        for character in escapeData(text).unicodeScalars {
            switch character {
            case ":": result += "%3A"
            case ",": result += "%2C"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }
}

/// A readable window of a long source line around a diagnostic's column.
/// The source lines diagnostics echo, masked once per line however many
/// diagnostics point into it (thousands of findings on one long flow-style
/// line must not each copy and mask the whole line again).
struct EchoedLines {
    private let file: LintedFile
    private var cached: (number: Int, scalars: [Unicode.Scalar])?

    init(_ file: LintedFile) {
        self.file = file
    }

    /// Line `number`, secrets masked and control characters made visible.
    mutating func line(_ number: Int, secrets: SecretRedactor) -> [Unicode.Scalar]? {
        if let cached, cached.number == number { return cached.scalars }
        guard let source = file.text, let text = source.line(number) else { return nil }
        let masked = secrets.redact(line: text, number: number, secretSpans: file.secretSpans)
        // YAML allows no raw control characters but tab; anything else a terminal could act on is replaced.
        let scalars = masked.unicodeScalars.map { $0 == "\t" || !isControl($0) ? $0 : "\u{FFFD}" }
        cached = (number, scalars)
        return scalars
    }
}

enum SourceExcerpt {
    static let maxWidth = 120

    static func window(_ scalars: [Unicode.Scalar], range: SourceRange) -> (String, SourceRange) {
        guard scalars.count > maxWidth else { return (String(String.UnicodeScalarView(scalars)), range) }
        let column = max(1, range.start.column)
        let start = max(0, min(column - 1 - 40, scalars.count - maxWidth))
        let end = min(scalars.count, start + maxWidth)
        var text = String(String.UnicodeScalarView(scalars[start..<end]))
        var shift = start
        if start > 0 {
            text = "…" + text
            shift -= 1
        }
        if end < scalars.count { text += "…" }
        var shifted = range
        shifted.start.column = column - shift
        shifted.end = SourcePosition(line: range.start.line, column: min(range.end.line == range.start.line ? range.end.column - shift : Int.max, end - shift + 1))
        return (text, shifted)
    }
}
