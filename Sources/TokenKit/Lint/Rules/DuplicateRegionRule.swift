struct DuplicateRegionRule: LintRule {
    let id = RuleID.duplicateRegion

    func check(_ subject: LintSubject) -> [Finding] {
        subject.allRules.flatMap { entry in
            var seen: [String: SourceRange] = [:]
            return entry.source.awsRegions.compactMap { region -> Finding? in
                guard let first = seen[region.value] else {
                    seen[region.value] = region.range
                    return nil
                }
                return Finding(
                    id, at: region.range,
                    "region \(quoted(region.value)) is listed twice in allow rule \(entry.number) (first at \(first.start)); remove one",
                    related: first)
            }
        }
    }
}
