/// `check` output: a verdict line and a checklist per token (text), or the
/// same as data (JSON).
public struct CheckRendering: Sendable {
    public var useColor: Bool
    /// Secret names that may turn up in the report (in other tokens' names
    /// or fields), masked in every string it shows; JSON keys are left alone.
    public var redactor: SecretRedactor

    public init(useColor: Bool = false, redactor: SecretRedactor = .none) {
        self.useColor = useColor
        self.redactor = redactor
    }

    /// A string of the report as text shows it: secrets masked, control characters escaped.
    private func shown(_ text: String) -> String {
        printable(redactor.redact(text))
    }

    /// The verdict, the evidence, the deciding token's checklist and one
    /// summary line per distinct outcome of the other candidates, so the
    /// answer fits on a screen however many tokens match; `all` prints every
    /// candidate's checklist instead of the summary.
    public func text(_ report: CheckReport, all: Bool = false) -> String {
        let document = report.evidence.document
        let signature = report.evidence.signature
        var output = paint(shown(report.verdict), report.allowed ? "1;32" : "1;31") + "\n\n"
        output += "document   account \(shown(document.accountID)), region \(shown(document.region)), instance \(shown(document.instanceID)), pendingTime \(document.pendingTime)\n"
        output += "signature  \(signature.status.rawValue): \(shown(signature.detail))\n"
        output += "at         \(report.at)\n"
        let width = EvaluationStep.Name.allCases.map(\.rawValue.count).max() ?? 0
        let decisive = report.decisiveIndex
        for (index, token) in report.tokens.enumerated() where all || index == decisive {
            output += "\ntoken \(quoted(redactor.redactValue(token.displayName))): \(token.allowed ? paint("allowed", "32") : paint("denied", "31"))\n"
            for step in token.steps {
                let mark: String
                switch step.status {
                case .pass: mark = paint("✓", "32")
                case .fail: mark = paint("✗", "31")
                case .skip: mark = paint("–", "2")
                }
                let name = step.name.rawValue + String(repeating: " ", count: width - step.name.rawValue.count)
                output += "  \(mark) \(name)  \(shown(step.detail))\n"
            }
        }
        if !all {
            let others = report.otherOutcomes
            if !others.isEmpty { output += "\n" }
            for outcome in others { output += shown(outcome.summary) + "\n" }
        }
        return output
    }

    /// The report as JSON (2-space indentation, as every JSON output). The
    /// candidates are written straight into the output rather than through a
    /// value tree: a fleet-sized check lists thousands, each with nine steps.
    public func json(_ report: CheckReport) -> String {
        var bytes: [UInt8] = []
        json(report) { bytes += $0 }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The JSON report handed to `write` as UTF-8 in pieces of about 64 KiB,
    /// so a fleet-sized report (megabytes) is never held whole.
    public func json(_ report: CheckReport, write: ([UInt8]) -> Void) {
        let document = report.evidence.document
        let signature = report.evidence.signature
        let head: JSONValue = .object([
            ("allowed", .bool(report.allowed)),
            ("verdict", .string(redactor.redact(report.verdict))),
            ("at", .string(report.at.description)),
            (
                "document",
                .object([
                    ("accountId", .string(document.accountID)), ("region", .string(document.region)),
                    ("instanceId", .string(document.instanceID)), ("pendingTime", .string(document.pendingTime.description)),
                ])
            ),
            (
                "signature",
                .object([
                    ("status", .string(signature.status.rawValue)), ("kind", .string(signature.kind?.rawValue)),
                    ("region", .string(signature.region)), ("detail", .string(redactor.redact(signature.detail))),
                ])
            ),
            ("tokens", .array([])),
        ])
        let rendered = head.rendered()
        guard !report.tokens.isEmpty, rendered.hasSuffix("[]\n}") else { return write(Array((rendered + "\n").utf8)) }
        let piece = 64 << 10
        var output: [UInt8] = []
        output.reserveCapacity(piece + 4096)
        output.appendUTF8(of: String(rendered.dropLast("[]\n}".utf8.count)))
        let decisive = report.decisiveIndex
        output += "[".utf8
        for (index, token) in report.tokens.enumerated() {
            output += (index == 0 ? "\n    {\n      \"name\": " : ",\n    {\n      \"name\": ").utf8
            JSONValue.appendQuoted(redactor.redactValue(token.displayName), to: &output)
            output += (token.allowed ? ",\n      \"allowed\": true" : ",\n      \"allowed\": false").utf8
            output += (index == decisive ? ",\n      \"decisive\": true" : ",\n      \"decisive\": false").utf8
            output += ",\n      \"rule\": ".utf8
            output.appendUTF8(of: token.rule.map(String.init) ?? "null")
            output += ",\n      \"steps\": [".utf8
            for (number, step) in token.steps.enumerated() {
                output += (number == 0 ? "\n        {\n          \"step\": \"" : ",\n        {\n          \"step\": \"").utf8
                output.appendUTF8(of: step.name.rawValue)
                output += "\",\n          \"status\": \"".utf8
                output.appendUTF8(of: step.status.rawValue)
                output += "\",\n          \"detail\": ".utf8
                JSONValue.appendQuoted(redactor.redact(step.detail), to: &output)
                output += "\n        }".utf8
            }
            output += (token.steps.isEmpty ? "]\n    }" : "\n      ]\n    }").utf8
            if output.count >= piece {
                write(output)
                output.removeAll(keepingCapacity: true)
            }
        }
        output += "\n  ]\n}\n".utf8
        write(output)
    }

    private func paint(_ text: String, _ code: String) -> String {
        useColor ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
