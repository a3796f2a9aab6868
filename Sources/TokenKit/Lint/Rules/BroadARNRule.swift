/// An iam `aws_arn` glob that matches far more identities than meant:
/// a wildcard account, or a resource that is only wildcards.
struct BroadARNRule: LintRule {
    let id = RuleID.broadARN
    var summary: String { "An iam aws_arn pattern that matches far more identities than intended." }

    func check(_ subject: LintSubject) -> [Finding] {
        guard subject.token.joinMethod == .iam else { return [] }
        var findings: [Finding] = []
        for index in subject.ruleIndices {
            let arn = subject.token.allow[index].awsARN
            guard !arn.isEmpty, let reason = broadness(arn), let source = subject.source.allow[index].awsARN else { continue }
            findings.append(Finding(id, at: source.range, "aws_arn \(quoted(arn)) \(reason); name the account and role"))
        }
        return findings
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

extension RuleID {
    static let broadARN = RuleID(warning: "broad-arn", catalogue: 14)
}
