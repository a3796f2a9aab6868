struct RoleAccountMismatchRule: LintRule {
    let id = RuleID.roleAccountMismatch

    func check(_ subject: LintSubject) -> [Finding] {
        subject.ec2Rules.compactMap { entry in
            guard let role = entry.source.awsRole, let roleAccount = AWSARN.roleAccount(role.value),
                !entry.rule.awsAccount.isEmpty, roleAccount != entry.rule.awsAccount
            else { return nil }
            return Finding(
                id, at: role.range,
                "aws_role is in account \(roleAccount) but aws_account is \(entry.rule.awsAccount); Teleport would assume a role in another account to describe the instance — check which account is right"
            )
        }
    }
}
