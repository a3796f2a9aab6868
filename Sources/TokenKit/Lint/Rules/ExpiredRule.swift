struct ExpiredRule: LintRule {
    let id = RuleID.expired
    var summary: String { "The token has expired." }

    func check(_ subject: LintSubject) -> [Finding] {
        guard let expires = subject.token.expires, subject.token.isExpired(at: subject.now),
            let text = subject.source.expires
        else { return [] }
        return [Finding(id, at: text.range, "token expired at \(expires); no one can join with it — renew or remove it")]
    }
}

extension RuleID {
    static let expired = RuleID(warning: "expired", catalogue: 13)
}
