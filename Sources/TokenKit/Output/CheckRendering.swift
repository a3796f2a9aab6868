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

    public func json(_ report: CheckReport) -> String {
        let document = report.evidence.document
        let signature = report.evidence.signature
        let decisive = report.decisiveIndex
        let tokens = report.tokens.enumerated().map { index, token -> JSONValue in
            .object([
                ("name", .string(redactor.redactValue(token.displayName))),
                ("allowed", .bool(token.allowed)),
                ("decisive", .bool(index == decisive)),
                ("rule", token.rule.map { .int($0) } ?? .null),
                (
                    "steps",
                    .array(
                        token.steps.map {
                            .object([
                                ("step", .string($0.name.rawValue)), ("status", .string($0.status.rawValue)),
                                ("detail", .string(redactor.redact($0.detail))),
                            ])
                        })
                ),
            ])
        }
        let value: JSONValue = .object([
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
            ("tokens", .array(tokens)),
        ])
        return value.rendered() + "\n"
    }

    private func paint(_ text: String, _ code: String) -> String {
        useColor ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
