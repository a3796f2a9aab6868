struct RoleAccountMismatchRule: LintRule {
    let id = RuleID.roleAccountMismatch
    var summary: String { "The account inside aws_role differs from aws_account." }

    func check(_ subject: LintSubject) -> [Finding] {
        var findings: [Finding] = []
        for index in subject.ec2RuleIndices {
            let rule = subject.token.allow[index]
            guard !rule.awsAccount.isEmpty, !rule.awsRole.isEmpty, let roleAccount = AWSARN.roleAccount(rule.awsRole),
                roleAccount != rule.awsAccount, let source = subject.source.allow[index].awsRole
            else { continue }
            findings.append(
                Finding(
                    id, at: source.range,
                    "aws_role is in account \(roleAccount) but aws_account is \(rule.awsAccount); Teleport would assume a role in another account to describe the instance — check which account is right"
                ))
        }
        return findings
    }
}

extension RuleID {
    static let roleAccountMismatch = RuleID(warning: "role-account-mismatch", catalogue: 7)
}
