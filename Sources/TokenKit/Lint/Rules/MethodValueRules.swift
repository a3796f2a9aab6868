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

/// A bound-keypair recovery mode Teleport accepts when the token is written
/// but cannot parse when the bot joins, so every join fails.
struct RecoveryModeRule: LintRule {
    let id = RuleID.recoveryMode
    var summary: String { "A bound-keypair recovery mode Teleport accepts on write but cannot parse when the bot joins." }
    static let modes = ["standard", "relaxed", "insecure"]

    func check(_ subject: LintSubject) -> [Finding] {
        guard subject.token.joinMethod == .boundKeypair, let mode = subject.methodObject?.object("recovery")?.located("mode"),
            !mode.value.isEmpty, !Self.modes.contains(mode.value.lowercased())
        else { return [] }
        var message = "recovery.mode \(quoted(mode.value)) is accepted when the token is written, but every join then fails parsing the recovery mode"
        if let suggestion = nearest(to: mode.value, in: Self.modes) { message += "; did you mean \(quoted(suggestion))?" } else {
            message += "; use standard, relaxed or insecure"
        }
        return [Finding(id, at: mode.range, message)]
    }
}
