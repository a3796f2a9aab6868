/// The join a node's `teleport.yaml` makes (SPEC §4.3): whether the node
/// starts and joins at all, the method and token it presents, and the roles
/// it requests, for the `config`, `join_method` and `role` steps of `check`.
public struct NodeJoinRequest: Sendable {
    public var configuration: NodeConfiguration
    /// The file as it is named in messages.
    public var file: String
    /// Why the node would not start or not join, each at its position.
    public var problems: [Finding]
    /// Everything else the file's checks found (warnings), for the report.
    public var notes: [Finding]

    /// Local-service roles (`api/types/system_role.go`): Instance needs one on the token.
    static let localServiceRoles: Set<String> = [
        "Auth", "Node", "Proxy", "Kube", "App", "Db", "WindowsDesktop", "Discovery", "Okta", "MDM", "AccessGraphPlugin",
    ]

    public init(configuration: NodeConfiguration, file: String, findings: [Finding]) {
        self.configuration = configuration
        self.file = file
        problems = findings.filter { $0.rule.defaultSeverity == .error }
        notes = findings.filter { $0.rule.defaultSeverity != .error }
        // Linting leaves a full cluster's own configuration alone; a node that is checked must join.
        if configuration.runsLocalAuth && !configuration.intendsToJoin {
            let auth = configuration.state(of: .auth)
            problems.append(
                Finding(
                    .configLocalAuth, at: auth.decidedAt ?? configuration.globalSection ?? .point(.start),
                    auth.section == nil
                        ? "auth_service is on (an omitted auth_service section is on), so this process runs its own Auth Service and never joins a cluster; add auth_service: {enabled: no} and join_params"
                        : "auth_service is enabled, so this process runs its own Auth Service and never joins a cluster; set auth_service.enabled: no and add join_params"))
        }
        // What stops Teleport reading the file comes first: it is what the node would report.
        problems.sort { a, b in
            let (phaseA, phaseB) = (Self.parsePhase(a.rule) ? 0 : 1, Self.parsePhase(b.rule) ? 0 : 1)
            return phaseA != phaseB ? phaseA < phaseB : a.range.start < b.range.start
        }
        notes.sort { $0.range.start < $1.range.start }
    }

    private static func parsePhase(_ rule: RuleID) -> Bool {
        [.configUnknownKey, .configWrongType, .duplicateKey, .configVersion].contains(rule)
    }

    public var method: String? { configuration.requestedMethod }
    public var roles: [SystemRole] { configuration.requestedRoles }

    /// The `config` step's words: every problem with its position, or what the file asks for.
    var configStep: (passed: Bool, detail: String, reason: String) {
        guard let first = problems.first else {
            let services = configuration.startedServices.map(\.rawValue).joined(separator: ", ")
            return (true, "\(file) starts \(services.isEmpty ? "no service" : services) and joins with method \(method ?? "?")", "")
        }
        let more = problems.count > 1 ? " (and \(counted(problems.count - 1, "more problem")))" : ""
        return (false, "\(file):\(first.range.start): \(first.message)\(more)", first.message)
    }

    /// `join_method`: the method the file requests against the token's.
    func methodStep(token: ProvisionToken) -> (passed: Bool, detail: String, reason: String) {
        let requested = method ?? ""
        guard requested == token.joinMethod.rawValue else {
            let detail = "client requested join method \(requested), provision token only supports method \(token.joinMethod.rawValue)"
            return (false, detail, detail)
        }
        return (true, requested, "")
    }

    /// `role`: every requested role against the token, each failure named;
    /// the token's roles no service needs are noted, not failed.
    func roleStep(token: ProvisionToken, ec2: Bool) -> (passed: Bool, detail: String, reason: String) {
        let granted = Set(token.roles.map(\.name))
        var failures: [String] = []
        var reasons: [String] = []
        for role in roles {
            if ec2 && !role.isAllowedForEC2Join {
                failures.append("role \(role.name) is unsupported for the EC2 join method")
                reasons.append("role \(role.name) unsupported for ec2")
            } else if role.name == "Instance" {
                if granted.isDisjoint(with: Self.localServiceRoles) {
                    failures.append("cannot requisition instance certs (token contains no local service roles)")
                    reasons.append("no local service roles for Instance")
                }
            } else if !granted.contains(role.name) {
                failures.append("can not join the cluster, the token does not allow role \(role.name)")
                reasons.append("does not allow role \(role.name)")
            }
        }
        let requested = roles.map(\.name).joined(separator: ", ")
        let needed = Set(roles.map(\.name))
        let unneeded = token.roles.map(\.name).filter { !needed.contains($0) }
        let leastPrivilege =
            unneeded.isEmpty ? "" : "; the token also grants \(unneeded.joined(separator: ", ")), which no service of this node needs (least privilege: remove it)"
        guard failures.isEmpty else {
            let grants = token.roles.map(\.name).joined(separator: ", ")
            return (
                false,
                "the node requests \(requested): \(failures.joined(separator: "; ")) (the token grants \(grants.isEmpty ? "no role" : grants))",
                reasons.joined(separator: ", ")
            )
        }
        return (true, "the node requests \(requested), all granted\(leastPrivilege)", "")
    }
}
