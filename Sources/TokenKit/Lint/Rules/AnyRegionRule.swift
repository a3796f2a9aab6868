struct AnyRegionRule: LintRule {
    let id = RuleID.anyRegion

    func check(_ subject: LintSubject) -> [Finding] {
        subject.ec2Rules.filter { $0.rule.awsRegions.isEmpty }.map { entry in
            Finding(
                id, at: .point(entry.source.range.start),
                "allow rule \(entry.number) has no aws_regions, so it matches instances in every region; list the regions you run in"
            )
        }
    }
}
