struct SecretWithoutExpiryRule: LintRule {
    let id = RuleID.secretWithoutExpiry
    var summary: String { "A secret (join method token) that never expires." }

    func check(_ subject: LintSubject) -> [Finding] {
        guard subject.token.joinMethod == .token, subject.token.expires == nil else { return [] }
        return [
            Finding(
                id, at: subject.nameRange,
                "a \"token\" join method secret without expires stays valid forever; set metadata.expires")
        ]
    }
}

extension RuleID {
    static let secretWithoutExpiry = RuleID(warning: "secret-without-expiry", catalogue: 11)
}
