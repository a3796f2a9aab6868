struct DuplicateRegionRule: LintRule {
    let id = RuleID.duplicateRegion
    var summary: String { "A region is listed twice in one allow rule." }

    func check(_ subject: LintSubject) -> [Finding] {
        var findings: [Finding] = []
        for index in subject.ruleIndices {
            let regions = subject.token.allow[index].awsRegions
            let source = subject.source.allow[index].awsRegions
            // Where each region was first listed: a short list is searched, a long one (hostile
            // input) hashed, so each region costs one look-up however long the list.
            var first: [String: Int] = [:]
            let hashed = regions.count > 16
            if hashed { first.reserveCapacity(regions.count) }
            for (position, region) in regions.enumerated() {
                let found = hashed ? first[region] : regions[..<position].firstIndex(of: region)
                guard let earlier = found else {
                    if hashed { first[region] = position }
                    continue
                }
                guard position < source.count else { continue }
                findings.append(
                    Finding(
                        id, at: source[position].range,
                        "region \(quoted(region)) is listed twice in allow rule \(index + 1) (first at \(source[earlier].range.start)); remove one",
                        related: source[earlier].range))
            }
        }
        return findings
    }
}

extension RuleID {
    static let duplicateRegion = RuleID(warning: "duplicate-region", catalogue: 9)
}
