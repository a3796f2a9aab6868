struct WeakSecretRule: LintRule {
    let id = RuleID.weakSecret
    var summary: String { "A secret token name shorter than 16 characters." }

    func check(_ subject: LintSubject) -> [Finding] {
        let length = subject.token.name.count
        guard subject.token.joinMethod == .token, length < 16 else { return [] }
        return [
            Finding(
                id, at: subject.nameRange,
                "the token name is the secret for the \"token\" join method, and \(counted(length, "character")) is easy to guess; use at least 16 random characters (e.g. `openssl rand -hex 16`)"
            )
        ]
    }
}

extension RuleID {
    static let weakSecret = RuleID(warning: "weak-secret", catalogue: 12)
}
