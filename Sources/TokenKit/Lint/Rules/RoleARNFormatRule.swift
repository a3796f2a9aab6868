struct RoleARNFormatRule: LintRule {
    let id = RuleID.roleARNFormat
    var summary: String { "aws_role is not an IAM role ARN." }

    func check(_ subject: LintSubject) -> [Finding] {
        var findings: [Finding] = []
        for index in subject.ec2RuleIndices {
            let role = subject.token.allow[index].awsRole
            guard !role.isEmpty, AWSARN.roleAccount(role) == nil, let source = subject.source.allow[index].awsRole else {
                continue
            }
            findings.append(
                Finding(
                    id, at: source.range,
                    "aws_role \(quoted(role)) is not an IAM role ARN; write it as arn:aws:iam::<12-digit account>:role/<name>"))
        }
        return findings
    }
}

extension RuleID {
    static let roleARNFormat = RuleID(warning: "role-arn-format", catalogue: 6)
}
