/// A GitHub or GitLab rule Teleport accepts although every field that
/// identifies the joiner is a wildcard: any repository of anyone on the
/// service may then join.
struct AnyRepositoryRule: LintRule {
    let id = RuleID.anyRepository
    var summary: String { "A GitHub or GitLab rule whose only identifying fields are wildcards: any repository of anyone on the service may join." }

    func check(_ subject: LintSubject) -> [Finding] {
        let (service, fields): (String, [String])
        switch subject.token.joinMethod {
        case .github:
            let host = subject.methodObject?.string("enterprise_server_host") ?? ""
            (service, fields) = (host.isEmpty ? "github.com" : host, GitHubConfiguration.identifyingFields)
        case .gitlab:
            let domain = subject.methodObject?.string("domain") ?? ""
            (service, fields) = (domain.isEmpty ? "gitlab.com" : domain, GitLabConfiguration.identifyingFields)
        default: return []
        }
        var findings: [Finding] = []
        for (index, rule) in (subject.methodObject?.objects("allow") ?? []).enumerated() {
            let set = fields.compactMap { field in rule.located(field).map { (field, $0) } }.filter { !$0.1.value.isEmpty }
            guard !set.isEmpty, set.allSatisfy({ Wildcard.matchesEverything($0.1.value) }) else { continue }
            let written = set.map { "\($0.0): \(quoted($0.1.value))" }.joined(separator: ", ")
            findings.append(
                Finding(
                    id, at: set[0].1.range,
                    "allow rule \(index + 1) matches any repository of anyone on \(service): its only identifying \(set.count == 1 ? "field is the wildcard" : "fields are the wildcards") \(written); name the owner or the repository"
                ))
        }
        return findings
    }
}

enum Wildcard {
    /// A glob that matches any value: only `*` (and `/` between them, as in `*/*`).
    static func matchesEverything(_ pattern: String) -> Bool {
        pattern.contains("*") && pattern.allSatisfy { $0 == "*" || $0 == "/" }
    }
}

extension RuleID {
    static let anyRepository = RuleID(warning: "any-repository", catalogue: 17)
}
