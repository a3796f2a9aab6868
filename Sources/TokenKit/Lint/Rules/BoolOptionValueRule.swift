/// A GitLab `ref_protected`/`environment_protected` string Teleport's
/// ParseBool does not know: Teleport silently reads it as false.
struct BoolOptionValueRule: LintRule {
    let id = RuleID.boolOptionValue
    var summary: String { "A GitLab ref_protected/environment_protected string Teleport silently reads as false." }

    func check(_ subject: LintSubject) -> [Finding] {
        guard subject.token.joinMethod == .gitlab else { return [] }
        var findings: [Finding] = []
        for rule in subject.methodObject?.objects("allow") ?? [] {
            for (field, text) in rule.unrecognisedBooleans.sorted(by: { $0.key < $1.key }) {
                findings.append(
                    Finding(
                        id, at: text.range,
                        "\(rule.path).\(field): Teleport reads \(quoted(text.value)) as false (it knows yes/no, true/false, on/off, 1/0); write true or false"
                    ))
            }
        }
        return findings
    }
}

extension RuleID {
    static let boolOptionValue = RuleID(warning: "bool-option-value", catalogue: 21)
}
