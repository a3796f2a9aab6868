struct DuplicateRegionRule: LintRule {
    let id = RuleID.duplicateRegion

    func check(_ subject: LintSubject) -> [Finding] {
        var findings: [Finding] = []
        for index in subject.ruleIndices {
            let regions = subject.token.allow[index].awsRegions
            // Region lists are short: a pairwise look-back beats hashing.
            for position in regions.indices.dropFirst() {
                guard let first = regions[..<position].firstIndex(of: regions[position]) else { continue }
                let source = subject.source.allow[index].awsRegions
                guard position < source.count else { continue }
                findings.append(
                    Finding(
                        id, at: source[position].range,
                        "region \(quoted(regions[position])) is listed twice in allow rule \(index + 1) (first at \(source[first].range.start)); remove one",
                        related: source[first].range))
            }
        }
        return findings
    }
}
