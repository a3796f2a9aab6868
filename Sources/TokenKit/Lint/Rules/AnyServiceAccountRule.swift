/// A Kubernetes rule whose service account name and namespace are both
/// wildcards: any workload of the cluster may join.
struct AnyServiceAccountRule: LintRule {
    let id = RuleID.anyServiceAccount
    var summary: String { "A Kubernetes rule whose service account name and namespace are both wildcards: any workload of the cluster may join." }

    func check(_ subject: LintSubject) -> [Finding] {
        guard subject.token.joinMethod == .kubernetes else { return [] }
        var findings: [Finding] = []
        for (index, rule) in (subject.methodObject?.objects("allow") ?? []).enumerated() where rule.isEmpty("service_account") {
            guard let name = rule.located("service_account_name"), let namespace = rule.located("service_account_namespace"),
                Wildcard.matchesEverything(name.value), Wildcard.matchesEverything(namespace.value)
            else { continue }
            findings.append(
                Finding(
                    id, at: name.range,
                    "allow rule \(index + 1) matches every service account in every namespace of the cluster (name \(quoted(name.value)), namespace \(quoted(namespace.value))); name the service account, or at least its namespace"
                ))
        }
        return findings
    }
}

extension RuleID {
    static let anyServiceAccount = RuleID(warning: "any-service-account", catalogue: 18)
}
