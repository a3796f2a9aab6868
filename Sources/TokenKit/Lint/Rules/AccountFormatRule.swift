struct AccountFormatRule: LintRule {
    let id = RuleID.accountFormat
    var summary: String { "aws_account is not a 12-digit AWS account ID." }

    func check(_ subject: LintSubject) -> [Finding] {
        var findings: [Finding] = []
        for index in subject.ruleIndices {
            let account = subject.token.allow[index].awsAccount
            guard !account.isEmpty, !AWSARN.isAccountID(account), let source = subject.source.allow[index].awsAccount else {
                continue
            }
            findings.append(
                Finding(
                    id, at: source.range,
                    "aws_account \(quoted(account)) is not a 12-digit AWS account ID, so no instance will ever match it"))
        }
        return findings
    }
}

extension RuleID {
    static let accountFormat = RuleID(warning: "account-format", catalogue: 4)
}
