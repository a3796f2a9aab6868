/// Teleport's EC2 join uses the first rule whose account and region match,
/// so a rule that an earlier one covers entirely never decides anything.
///
/// Rule i covers a later rule j when i's account is empty or j's, and i has
/// no regions, or j has regions and all of them are among i's. Instead of
/// comparing every pair, earlier rules are indexed by account (and "any
/// account") and by region, and a later rule looks only at the earlier rules
/// that list its rarest region.
struct UnreachableRuleRule: LintRule {
    let id = RuleID.unreachableRule
    var summary: String { "An allow rule that an earlier rule always decides first." }

    /// Up to this many rules, comparing every pair is cheaper than indexing them.
    static let pairwiseLimit = 16

    func check(_ subject: LintSubject) -> [Finding] {
        let rules = subject.token.allow
        var index = EarlierRules()
        let pairwise = rules.count <= Self.pairwiseLimit
        var findings: [Finding] = []
        for later in subject.ec2RuleIndices {
            let covering =
                pairwise
                ? (0..<later).first { EarlierRules.covers(rules[$0], rules[later]) }
                : index.firstCovering(rules[later])
            if let earlier = covering {
                findings.append(
                    Finding(
                        id, at: .point(subject.source.allow[later].range.start),
                        "allow rule \(later + 1) can never decide: rule \(earlier + 1) matches every instance it matches, and Teleport uses the first matching rule; remove it or move it first"
                    ))
            }
            if !pairwise { index.add(later, rules[later]) }
        }
        return findings
    }
}

/// The allow rules seen so far, keyed for `UnreachableRuleRule`.
struct EarlierRules {
    /// Per account ("" = any account): the first rule with no regions.
    private var firstWithoutRegions: [String: Int] = [:]
    /// Per account: the rules that list each region, in order.
    private var byRegion: [String: [String: [Int]]] = [:]
    /// Each indexed rule's regions as a set.
    private var regionSets: [Int: Set<String>] = [:]

    mutating func add(_ position: Int, _ rule: AllowRule) {
        if rule.awsRegions.isEmpty {
            if firstWithoutRegions[rule.awsAccount] == nil { firstWithoutRegions[rule.awsAccount] = position }
            return
        }
        let regions = Set(rule.awsRegions)
        regionSets[position] = regions
        for region in regions { byRegion[rule.awsAccount, default: [:]][region, default: []].append(position) }
    }

    /// Whether `earlier` matches every instance `later` matches.
    static func covers(_ earlier: AllowRule, _ later: AllowRule) -> Bool {
        let accountCovered = earlier.awsAccount.isEmpty || earlier.awsAccount == later.awsAccount
        let regionsCovered =
            earlier.awsRegions.isEmpty
            || (!later.awsRegions.isEmpty && later.awsRegions.allSatisfy { earlier.awsRegions.contains($0) })
        return accountCovered && regionsCovered
    }

    /// The first earlier rule that matches everything `rule` matches.
    func firstCovering(_ rule: AllowRule) -> Int? {
        let accounts = rule.awsAccount.isEmpty ? [""] : ["", rule.awsAccount]
        var best: Int?
        func consider(_ candidate: Int?) {
            guard let candidate else { return }
            if best.map({ candidate < $0 }) ?? true { best = candidate }
        }
        for account in accounts {
            consider(firstWithoutRegions[account])
            // A rule without regions is covered only by one without regions.
            guard !rule.awsRegions.isEmpty, let regions = byRegion[account] else { continue }
            let wanted = Set(rule.awsRegions)
            // Every covering rule lists each of `rule`'s regions: look through the rarest one's list.
            var rarest: [Int]?
            for region in wanted {
                let list = regions[region] ?? []
                if list.count < (rarest?.count ?? Int.max) { rarest = list }
                if list.isEmpty { break }
            }
            for candidate in rarest ?? [] {
                if let best, candidate >= best { break }
                if let set = regionSets[candidate], wanted.isSubset(of: set) {
                    consider(candidate)
                    break
                }
            }
        }
        return best
    }
}

extension RuleID {
    static let unreachableRule = RuleID(warning: "unreachable-rule", catalogue: 8)
}
