struct NegativeIIDTTLRule: LintRule {
    let id = RuleID.negativeIIDTTL
    var summary: String { "A negative aws_iid_ttl: Teleport accepts it, then refuses every join." }

    func check(_ subject: LintSubject) -> [Finding] {
        guard let ttl = subject.token.awsIIDTTL, ttl.nanoseconds < 0, let text = subject.source.awsIIDTTL else {
            return []
        }
        return [
            Finding(
                id, at: text.range,
                "aws_iid_ttl of \(ttl) is negative: Teleport accepts it, then refuses every join as too old; use a positive duration such as 5m"
            )
        ]
    }
}

extension RuleID {
    static let negativeIIDTTL = RuleID(warning: "negative-iid-ttl", catalogue: 15)
}
