/// Join methods the Auth Service of a Community Edition cluster refuses:
/// GitHub Enterprise Server hosts, Spacelift and TPM need Teleport Enterprise.
struct EnterpriseJoinMethodRule: LintRule {
    let id = RuleID.enterpriseJoinMethod
    var summary: String { "A join method only Teleport Enterprise accepts (GitHub Enterprise Server, Spacelift, TPM)." }

    func check(_ subject: LintSubject) -> [Finding] {
        let feature: String
        var range = subject.source.joinMethod?.range ?? subject.source.specAnchor
        switch subject.token.joinMethod {
        case .spacelift: feature = "spacelift joining"
        case .tpm: feature = "tpm joining"
        case .github:
            guard let host = subject.methodObject?.located("enterprise_server_host"), !host.value.isEmpty else { return [] }
            feature = "github enterprise server joining"
            range = host.keyRange
        default: return []
        }
        return [
            Finding(
                id, at: range,
                "\(feature): this feature requires Teleport Enterprise; a Community Edition cluster refuses the token when it is written"
            )
        ]
    }
}

extension RuleID {
    static let enterpriseJoinMethod = RuleID(warning: "enterprise-join-method", catalogue: 20)
}
