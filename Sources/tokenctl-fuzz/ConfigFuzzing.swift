import TokenKit

enum ConfigFuzzing {
    /// A token that grants every service role, so the role step runs for whatever the input requests.
    static let token: ProvisionToken? = {
        let manifest = """
            kind: token
            version: v2
            metadata: {name: fuzz-token}
            spec: {roles: [Node, Proxy, Kube, App, Db, WindowsDesktop, Discovery], join_method: ec2, allow: [{aws_account: "111111111111"}]}
            """
        return ManifestReader().read(SourceText(name: "token.yaml", bytes: Array(manifest.utf8))).tokens.first?.token
    }()

    /// A node's teleport.yaml: the strict reader, the start and join rules,
    /// the join it derives, and check's text and JSON of a configuration-only check.
    static func run(_ bytes: [UInt8]) {
        guard case .configuration(let configuration, let findings) = NodeConfigurationReader().read(SourceText(name: "teleport.yaml", bytes: bytes))
        else { return }
        let node = NodeJoinRequest(configuration: configuration, file: "teleport.yaml", findings: findings)
        let evaluator = JoinEvaluator(request: JoinRequest(at: ManifestFuzzing.now, node: node))
        let name = configuration.token?.value ?? ""
        let candidates = token.map { [$0] } ?? []
        let report = evaluator.evaluate(nil, candidates: name == "fuzz-token" ? candidates : [], missing: name == "fuzz-token" ? [] : [name])
        let rendering = CheckRendering(redactor: SecretRedactor(secrets: configuration.secrets))
        _ = rendering.text(report, all: true)
        _ = rendering.json(report)
        for finding in findings where finding.message.isEmpty { fatalError("a finding without words at \(finding.range.start)") }
    }
}
