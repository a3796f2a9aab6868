struct UnknownRegionRule: LintRule {
    let id = RuleID.unknownRegion
    var summary: String { "A region AWS has no signing certificate for: joins from it can never succeed." }

    func check(_ subject: LintSubject) -> [Finding] {
        var findings: [Finding] = []
        for index in subject.ec2RuleIndices {
            for region in subject.source.allow[index].awsRegions where !AWSRegions.isKnown(region.value) {
                var message =
                    "AWS has no identity-document certificate for region \(quoted(region.value)), so joins from it can never succeed"
                if let suggestion = AWSRegions.suggestion(for: region.value) {
                    message += "; did you mean \(quoted(suggestion))?"
                }
                findings.append(Finding(id, at: region.range, message))
            }
        }
        return findings
    }
}

extension RuleID {
    static let unknownRegion = RuleID(warning: "unknown-region", catalogue: 5)
}
