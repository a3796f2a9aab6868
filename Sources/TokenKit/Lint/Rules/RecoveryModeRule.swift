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

extension RuleID {
    static let recoveryMode = RuleID(warning: "recovery-mode", catalogue: 22)
}
