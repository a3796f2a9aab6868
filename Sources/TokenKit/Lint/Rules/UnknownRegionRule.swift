struct UnknownRegionRule: LintRule {
    let id = RuleID.unknownRegion

    func check(_ subject: LintSubject) -> [Finding] {
        subject.ec2Rules.flatMap { entry in
            entry.source.awsRegions.compactMap { region -> Finding? in
                guard !AWSRegions.isKnown(region.value) else { return nil }
                var message =
                    "AWS has no identity-document certificate for region \(quoted(region.value)), so joins from it can never succeed"
                if let suggestion = AWSRegions.suggestion(for: region.value) {
                    message += "; did you mean \(quoted(suggestion))?"
                }
                return Finding(id, at: region.range, message)
            }
        }
    }
}
