struct DuplicateRegionRule: LintRule {
    let id = RuleID.duplicateRegion

    func check(_ subject: LintSubject) -> [Finding] {
        var findings: [Finding] = []
        for entry in subject.allRules {
            let regions = entry.source.awsRegions
            // Region lists are short: a pairwise look-back beats hashing.
            for index in regions.indices.dropFirst() {
                guard let first = regions[..<index].first(where: { $0.value == regions[index].value }) else { continue }
                findings.append(
                    Finding(
                        id, at: regions[index].range,
                        "region \(quoted(regions[index].value)) is listed twice in allow rule \(entry.number) (first at \(first.range.start)); remove one",
                        related: first.range))
            }
        }
        return findings
    }
}
