struct RoleARNFormatRule: LintRule {
    let id = RuleID.roleARNFormat

    func check(_ subject: LintSubject) -> [Finding] {
        subject.ec2Rules.compactMap { entry in
            guard let role = entry.source.awsRole, !role.value.isEmpty, AWSARN.roleAccount(role.value) == nil else {
                return nil
            }
            return Finding(
                id, at: role.range,
                "aws_role \(quoted(role.value)) is not an IAM role ARN; write it as arn:aws:iam::<12-digit account>:role/<name>"
            )
        }
    }
}
