struct AnyAccountRule: LintRule {
    let id = RuleID.anyAccount
    var summary: String { "An ec2 allow rule with aws_role but no aws_account matches every account." }

    func check(_ subject: LintSubject) -> [Finding] {
        var findings: [Finding] = []
        for index in subject.ec2RuleIndices where subject.token.allow[index].awsAccount.isEmpty {
            guard let role = subject.source.allow[index].awsRole else { continue }
            findings.append(
                Finding(
                    id, at: role.keyRange,
                    "allow rule \(index + 1) sets aws_role but no aws_account, so it matches instances in every AWS account; set aws_account"
                ))
        }
        return findings
    }
}

extension RuleID {
    static let anyAccount = RuleID(warning: "any-account", catalogue: 3)
}
