struct LongIIDTTLRule: LintRule {
    let id = RuleID.longIIDTTL
    var summary: String { "aws_iid_ttl is over one hour, so a stolen identity document stays usable that long." }

    func check(_ subject: LintSubject) -> [Finding] {
        guard let ttl = subject.token.awsIIDTTL, ttl > .hour, let text = subject.source.awsIIDTTL else { return [] }
        return [
            Finding(
                id, at: text.range,
                "aws_iid_ttl of \(ttl) is over 1h: a stolen identity document stays usable that long; the default 5m suits most instances"
            )
        ]
    }
}

extension RuleID {
    static let longIIDTTL = RuleID(warning: "long-iid-ttl", catalogue: 1)
}
