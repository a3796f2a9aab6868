/// An iam `aws_arn` glob that matches far more identities than meant:
/// a wildcard account, or a resource that is only wildcards.
struct BroadARNRule: LintRule {
    let id = RuleID.broadARN

    func check(_ subject: LintSubject) -> [Finding] {
        guard subject.token.joinMethod == .iam else { return [] }
        return subject.allRules.compactMap { entry in
            guard let arn = entry.source.awsARN, let reason = broadness(arn.value) else { return nil }
            return Finding(id, at: arn.range, "aws_arn \(quoted(arn.value)) \(reason); name the account and role")
        }
    }

    private func broadness(_ arn: String) -> String? {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6 else {
            return arn.allSatisfy({ $0 == "*" || $0 == "?" }) ? "matches every identity" : nil
        }
        if parts[4].contains(where: { $0 == "*" || $0 == "?" }) {
            return "has a wildcard in its account, so it matches identities in any account"
        }
        let resource = parts[5]
        if resource.allSatisfy({ $0 == "*" || $0 == "?" }) {
            return "matches every identity in the account"
        }
        if resource == "assumed-role/*" {
            return "matches every assumed role in the account"
        }
        return nil
    }
}
