struct AnyAccountRule: LintRule {
    let id = RuleID.anyAccount

    func check(_ subject: LintSubject) -> [Finding] {
        subject.ec2Rules.compactMap { entry in
            guard entry.rule.awsAccount.isEmpty, let role = entry.source.awsRole else { return nil }
            return Finding(
                id, at: role.keyRange,
                "allow rule \(entry.number) sets aws_role but no aws_account, so it matches instances in every AWS account; set aws_account"
            )
        }
    }
}
