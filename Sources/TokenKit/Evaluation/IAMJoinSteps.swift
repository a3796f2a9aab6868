/// The IAM method's own steps after the common ones (SPEC §4.2): the allow
/// rules in order (account, then `aws_arn` as Teleport's glob over the whole
/// caller ARN), then the organization when the deciding rule names one.
extension JoinEvaluator.Context {
    /// Records the steps; returns the number of the allow rule that matched,
    /// and the organization (and OUs) it requires, which offline cannot check.
    func recordIAMSteps(
        allow: [AllowRule], tokenName: String, caller: CallerIdentity, recorder: inout StepRecorder
    ) -> (rule: Int?, organization: String?, units: OrganizationalUnits?) {
        let memo = recorder.memo
        var matched: (number: Int, rule: AllowRule)?
        recorder.record(.allowRules, reason: allowRulesReason) { detailed in
            for (index, rule) in allow.enumerated() {
                if !rule.awsAccount.isEmpty && rule.awsAccount != caller.account { continue }
                if !rule.awsARN.isEmpty && !ARNGlob.matches(rule.awsARN, caller.arn) { continue }
                matched = (index + 1, rule)
                guard detailed else { return (.pass, "") }
                return (.pass, memo.words(.text("iam rule \(index + 1)\u{0}\(rule.awsAccount)\u{0}\(rule.awsARN)\u{0}\(rule.awsOrganizationID)")) {
                    var parts = [rule.awsAccount.isEmpty ? "any account" : "account \(rule.awsAccount)"]
                    if !rule.awsARN.isEmpty { parts.append("aws_arn \(rule.awsARN)") }
                    if !rule.awsOrganizationID.isEmpty { parts.append("organization \(rule.awsOrganizationID)") }
                    return "rule \(index + 1) matches (\(parts.joined(separator: ", ")))"
                })
            }
            return (.fail, detailed ? "instance \(caller.arn) did not match any allow rules in token \(tokenName)" : "")
        }
        guard let organization = matched?.rule.awsOrganizationID, !organization.isEmpty, !recorder.hasFailed else {
            return (matched?.number, nil, nil)
        }
        let units = matched?.rule.organizationalUnits.flatMap { $0.isMatcher ? $0 : nil }
        recorder.record(.organization) { _ in
            (
                .skip,
                memo.words(.text("organization \(organization)\u{0}\(units.map(OrganizationalUnitWords.requirement) ?? "")")) {
                    var detail = "not checked offline: Teleport next calls organizations:DescribeAccount for account \(caller.account) and requires organization \(organization)"
                    if let units { detail += ", \(OrganizationalUnitWords.requirement(units))" }
                    return detail
                }
            )
        }
        return (matched?.number, organization, units)
    }
}

/// An OU matcher in words, for the organization step.
enum OrganizationalUnitWords {
    static func requirement(_ units: OrganizationalUnits) -> String {
        var words = units.include == ["*"] ? "the account in any OU of it" : "the account in one of the OUs \(units.include.joined(separator: ", "))"
        if !units.exclude.isEmpty { words += " and in none of \(units.exclude.joined(separator: ", "))" }
        return words
    }
}
