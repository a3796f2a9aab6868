/// Teleport's EC2 join uses the first rule whose account and region match,
/// so a rule that an earlier one covers entirely never decides anything.
struct UnreachableRuleRule: LintRule {
    let id = RuleID.unreachableRule

    func check(_ subject: LintSubject) -> [Finding] {
        let rules = subject.ec2Rules
        var findings: [Finding] = []
        for later in rules {
            guard let earlier = rules.prefix(later.number - 1).first(where: { covers($0.rule, later.rule) }) else {
                continue
            }
            findings.append(
                Finding(
                    id, at: .point(later.source.range.start),
                    "allow rule \(later.number) can never decide: rule \(earlier.number) matches every instance it matches, and Teleport uses the first matching rule; remove it or move it first"
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
