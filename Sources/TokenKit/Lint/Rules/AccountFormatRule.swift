struct AccountFormatRule: LintRule {
    let id = RuleID.accountFormat

    func check(_ subject: LintSubject) -> [Finding] {
        subject.allRules.compactMap { entry in
            guard let account = entry.source.awsAccount, !account.value.isEmpty, !AWSARN.isAccountID(account.value)
            else { return nil }
            return Finding(
                id, at: account.range,
                "aws_account \(quoted(account.value)) is not a 12-digit AWS account ID, so no instance will ever match it"
            )
        }
    }
}
