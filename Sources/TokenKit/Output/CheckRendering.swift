/// `check` output: a verdict line and a checklist per token (text), or the
/// same as data (JSON).
public struct CheckRendering: Sendable {
    public var style: TextStyle
    /// Secret names that may turn up in the report (in other tokens' names
    /// or fields), masked in every string it shows; JSON keys are left alone.
    public var redactor: SecretRedactor

    public init(style: TextStyle = .plain, redactor: SecretRedactor = .none) {
        self.style = style
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
        var output = style.apply(shown(report.verdict), report.allowed ? .verdictAllowed : .verdictDenied) + "\n\n"
        if let node = report.node { output += configText(node) }
        if let caller = report.caller {
            output += "identity   iam \(shown(caller.arn)) (account \(shown(caller.account)))\n"
        }
        if let evidence = report.evidence {
            let document = evidence.document
            output += "document   account \(shown(document.accountID)), region \(shown(document.region)), instance \(shown(document.instanceID)), pendingTime \(document.pendingTime)\n"
            output += "signature  \(evidence.signature.status.rawValue): \(shown(evidence.signature.detail))\n"
            output += "at         \(report.at)\n"
        }
        let width = EvaluationStep.Name.allCases.map(\.rawValue.count).max() ?? 0
        let decisive = report.decisiveIndex
        for (index, token) in report.tokens.enumerated() where all || index == decisive {
            let label = token.displayName.isEmpty ? "no token" : "token \(quoted(redactor.redactValue(token.displayName)))"
            output += "\n\(label): \(token.allowed ? style.apply("allowed", .good) : style.apply("denied", .bad))\n"
            for step in token.steps {
                let mark: String
                switch step.status {
                case .pass: mark = style.apply("✓", .good)
                case .fail: mark = style.apply("✗", .bad)
                case .skip: mark = style.apply("–", .muted)
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

    /// What the node's teleport.yaml asks for, each fact with the position that decided it.
    private func configText(_ node: NodeJoinRequest) -> String {
        let configuration = node.configuration
        var facts = ["\(shown(node.file)) (\(shown(configuration.versionText)))"]
        if let token = configuration.token {
            let file = configuration.tokenIsFilePath ? " (a file on the node)" : ""
            facts.append("token \(quoted(shown(token.value)))\(file) at \(token.range.start)")
        } else {
            facts.append("no token")
        }
        facts.append("method \(shown(configuration.requestedMethod ?? "none"))\(configuration.method.map { " at \($0.range.start)" } ?? "")")
        var output = "config     " + facts.joined(separator: ", ") + "\n"
        let services = configuration.services.filter { $0.section != nil || $0.enabled }.map { state in
            let status = state.starts ? "on" : (state.enabled ? "enabled, not started" : "off")
            let place = state.enabledValue.map { " at \($0.range.start)" } ?? " (default)"
            return "\(state.service.rawValue) \(status)\(place)"
        }
        output += "services   \(services.joined(separator: ", "))\n"
        let roles = configuration.requestedRoles.map(\.name)
        output += "requests   \(roles.isEmpty ? "no role" : roles.joined(separator: ", "))\n"
        for problem in node.problems {
            output += "problem    \(shown(node.file)):\(problem.range.start): \(shown(problem.message)) [\(problem.rule.rawValue)]\n"
        }
        for note in node.notes {
            output += "note       \(shown(node.file)):\(note.range.start): \(shown(note.message)) [\(note.rule.rawValue)]\n"
        }
        return output
    }

    /// The node's configuration as JSON: the derived facts and where each was decided.
    private func configJSON(_ node: NodeJoinRequest) -> JSONValue {
        let configuration = node.configuration
        func position(_ range: SourceRange?) -> JSONValue {
            guard let range else { return .null }
            return .object([("line", .int(range.start.line)), ("column", .int(range.start.column))])
        }
        func finding(_ finding: Finding) -> JSONValue {
            .object([
                ("rule", .string(finding.rule.rawValue)), ("line", .int(finding.range.start.line)),
                ("column", .int(finding.range.start.column)), ("message", .string(redactor.redact(finding.message))),
            ])
        }
        return .object([
            ("file", .string(node.file)),
            ("version", .string(configuration.versionText)),
            ("token", .string(configuration.token.map { redactor.redactValue($0.value) })),
            ("tokenAt", position(configuration.token?.range)),
            ("tokenIsFilePath", .bool(configuration.tokenIsFilePath)),
            ("method", .string(configuration.requestedMethod)),
            ("methodAt", position(configuration.method?.range ?? configuration.authToken?.keyRange)),
            (
                "services",
                .array(configuration.services.map { state in
                    .object([
                        ("name", .string(state.service.rawValue)), ("enabled", .bool(state.enabled)), ("starts", .bool(state.starts)),
                        ("role", .string(state.service.role?.name)), ("decidedAt", position(state.decidedAt)),
                    ])
                })
            ),
            ("requestedRoles", .array(configuration.requestedRoles.map { .string($0.name) })),
            ("problems", .array(node.problems.map(finding))),
            ("notes", .array(node.notes.map(finding))),
        ])
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
        var members: [(String, JSONValue)] = [
            ("allowed", .bool(report.allowed)),
            ("verdict", .string(redactor.redact(report.verdict))),
            ("at", .string(report.at.description)),
        ]
        if let organization = report.conditionalOrganization {
            members.append(("conditional", .bool(true)))
            members.append(("organization", .string(organization)))
        }
        if let node = report.node { members.append(("config", configJSON(node))) }
        if let caller = report.caller {
            members.append(
                (
                    "identity",
                    .object([
                        ("kind", .string("iam")), ("arn", .string(redactor.redact(caller.arn))), ("account", .string(caller.account)),
                    ])
                ))
        } else if let evidence = report.evidence {
            members.append(
                (
                    "identity",
                    .object([
                        ("kind", .string("ec2")), ("account", .string(evidence.document.accountID)),
                        ("region", .string(evidence.document.region)), ("instanceId", .string(evidence.document.instanceID)),
                    ])
                ))
        }
        // An IAM identity stands in place of the EC2 document and signature.
        if let evidence = report.evidence {
            let document = evidence.document
            let signature = evidence.signature
            members.append(
                (
                    "document",
                    .object([
                        ("accountId", .string(document.accountID)), ("region", .string(document.region)),
                        ("instanceId", .string(document.instanceID)), ("pendingTime", .string(document.pendingTime.description)),
                    ])
                ))
            members.append(
                (
                    "signature",
                    .object([
                        ("status", .string(signature.status.rawValue)), ("kind", .string(signature.kind?.rawValue)),
                        ("region", .string(signature.region)), ("detail", .string(redactor.redact(signature.detail))),
                    ])
                ))
        } else if report.caller == nil {
            members.append(("document", .null))
            members.append(("signature", .null))
        }
        members.append(("tokens", .array([])))
        let head: JSONValue = .object(members)
        let rendered = head.rendered()
        guard !report.tokens.isEmpty, rendered.hasSuffix("[]\n}") else { return write(Array((rendered + "\n").utf8)) }
        let piece = 64 << 10
        var output: [UInt8] = []
        output.reserveCapacity(piece + 4096)
        output.appendUTF8(of: String(rendered.dropLast("[]\n}".utf8.count)))
        let decisive = report.decisiveIndex
        // Words that repeat from candidate to candidate (numbered by the evaluation) are masked and escaped once.
        var quotedWords: [[UInt8]?] = []
        // A step's opening up to its detail depends only on its name and status: spelled once each.
        let statuses: [EvaluationStep.Status] = [.pass, .fail, .skip]
        let stepOpenings: [[UInt8]] = EvaluationStep.Name.allCases.flatMap { name in
            statuses.map { Array("{\n          \"step\": \"\(name.rawValue)\",\n          \"status\": \"\($0.rawValue)\",\n          \"detail\": ".utf8) }
        }
        func opening(_ step: EvaluationStep) -> [UInt8] {
            stepOpenings[step.name.ordinal * statuses.count + (step.status == .pass ? 0 : step.status == .fail ? 1 : 2)]
        }
        output.appendLiteral("[")
        for (index, token) in report.tokens.enumerated() {
            output.appendLiteral(index == 0 ? "\n    {\n      \"name\": " : ",\n    {\n      \"name\": ")
            JSONValue.appendQuoted(redactor.redactValue(token.displayName), to: &output)
            output.appendLiteral(token.allowed ? ",\n      \"allowed\": true" : ",\n      \"allowed\": false")
            output.appendLiteral(index == decisive ? ",\n      \"decisive\": true" : ",\n      \"decisive\": false")
            output.appendLiteral(",\n      \"rule\": ")
            if let rule = token.rule { output.appendUTF8(of: String(rule)) } else { output.appendLiteral("null") }
            output.appendLiteral(",\n      \"steps\": [")
            for (number, step) in token.steps.enumerated() {
                output.appendLiteral(number == 0 ? "\n        " : ",\n        ")
                output += opening(step)
                if let id = step.detailID {
                    if id >= quotedWords.count { quotedWords += Array(repeating: nil, count: id + 1 - quotedWords.count) }
                    if let known = quotedWords[id] {
                        output += known
                    } else {
                        var quoted: [UInt8] = []
                        JSONValue.appendQuoted(redactor.redact(step.detail), to: &quoted)
                        quotedWords[id] = quoted
                        output += quoted
                    }
                } else {
                    JSONValue.appendQuoted(redactor.redact(step.detail), to: &output)
                }
                output.appendLiteral("\n        }")
            }
            output.appendLiteral(token.steps.isEmpty ? "]\n    }" : "\n      ]\n    }")
            if output.count >= piece {
                write(output)
                output.removeAll(keepingCapacity: true)
            }
        }
        output += "\n  ]\n}\n".utf8
        write(output)
    }

}
