/// Teleport's EC2 join uses the first rule whose account and region match,
/// so a rule that an earlier one covers entirely never decides anything.
struct UnreachableRuleRule: LintRule {
    let id = RuleID.unreachableRule

    func check(_ subject: LintSubject) -> [Finding] {
        let rules = subject.token.allow
        var findings: [Finding] = []
        for later in subject.ec2RuleIndices.dropFirst() {
            guard let earlier = (0..<later).first(where: { covers(rules[$0], rules[later]) }) else { continue }
            findings.append(
                Finding(
                    id, at: .point(subject.source.allow[later].range.start),
                    "allow rule \(later + 1) can never decide: rule \(earlier + 1) matches every instance it matches, and Teleport uses the first matching rule; remove it or move it first"
                ))
        }
        return findings
    }

    private func covers(_ earlier: AllowRule, _ later: AllowRule) -> Bool {
        let accountCovered = earlier.awsAccount.isEmpty || earlier.awsAccount == later.awsAccount
        let regionsCovered =
            earlier.awsRegions.isEmpty
            || (!later.awsRegions.isEmpty && later.awsRegions.allSatisfy { earlier.awsRegions.contains($0) })
        return accountCovered && regionsCovered
    }
}
