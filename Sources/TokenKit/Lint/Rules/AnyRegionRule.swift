struct AnyRegionRule: LintRule {
    let id = RuleID.anyRegion
    var summary: String { "An ec2 allow rule without aws_regions matches every region." }

    func check(_ subject: LintSubject) -> [Finding] {
        var findings: [Finding] = []
        for index in subject.ec2RuleIndices where subject.token.allow[index].awsRegions.isEmpty {
            findings.append(
                Finding(
                    id, at: .point(subject.source.allow[index].range.start),
                    "allow rule \(index + 1) has no aws_regions, so it matches instances in every region; list the regions you run in"
                ))
        }
        return findings
    }
}

extension RuleID {
    static let anyRegion = RuleID(warning: "any-region", catalogue: 2)
}
