/// The services of a `teleport.yaml` that decide which system roles a node
/// asks for when it joins (teleport-config.md §2.1).
public enum NodeService: String, CaseIterable, Sendable {
    case auth = "auth_service"
    case ssh = "ssh_service"
    case proxy = "proxy_service"
    case kubernetes = "kubernetes_service"
    case app = "app_service"
    case db = "db_service"
    case windowsDesktop = "windows_desktop_service"
    case discovery = "discovery_service"
    case okta = "okta_service"
    case jamf = "jamf_service"

    /// On when the section is absent (`FileConfig.CheckAndSetDefaults`).
    var enabledByDefault: Bool { self == .auth || self == .proxy || self == .ssh }

    /// The system role a started service requests; Auth is local and requests none.
    public var role: SystemRole? {
        switch self {
        case .auth: nil
        case .ssh: SystemRole("Node")
        case .proxy: SystemRole("Proxy")
        case .kubernetes: SystemRole("Kube")
        case .app: SystemRole("App")
        case .db: SystemRole("Db")
        case .windowsDesktop: SystemRole("WindowsDesktop")
        case .discovery: SystemRole("Discovery")
        case .okta: SystemRole("Okta")
        case .jamf: SystemRole("MDM")
        }
    }

    /// Keys whose non-empty value gives app, db or discovery something to
    /// serve; those services start only then.
    var contentKeys: [String]? {
        switch self {
        case .app: ["apps", "resources", "debug_app"]
        case .db: ["databases", "resources", "aws", "azure"]
        case .discovery: ["aws", "azure", "gcp", "kubernetes", "access_graph"]
        default: nil
        }
    }

    var isEnterpriseOnly: Bool { self == .okta || self == .jamf }
}

/// One service section as Teleport reads it.
public struct ServiceState: Sendable, Equatable {
    public var service: NodeService
    /// The section's key, when the file has the section.
    public var section: SourceRange?
    /// The `enabled:` value as written, with its position.
    public var enabledValue: Located<String>?
    /// `Service.Enabled()`: the default when unset; a value `ParseBool` does not accept counts as off.
    public var enabled: Bool
    /// Enabled and, for app/db/discovery, with something to serve.
    public var starts: Bool

    /// Where the decision was made: the `enabled:` value, else the section, else nowhere (a default).
    public var decidedAt: SourceRange? { enabledValue?.range ?? section }
}

/// The join-relevant facts of a node's `teleport.yaml` (SPEC §4.3).
public struct NodeConfiguration: Sendable {
    /// "v1" when the file has no `version:`.
    public var version: Located<String>?
    public var versionText: String { version?.value ?? "v1" }
    /// The `teleport:` key, when present.
    public var globalSection: SourceRange?
    public var nodename: Located<String>?
    public var dataDir: Located<String>?
    public var authToken: Located<String>?
    /// The `join_params` section's key, when it is present and not empty.
    public var joinParams: SourceRange?
    /// `join_params` is there but not a mapping (reported as a wrong type; nothing else is derived from it).
    public var joinParamsUnreadable = false
    public var tokenName: Located<String>?
    public var method: Located<String>?
    public var authServers: [Located<String>] = []
    /// The `auth_servers` key, when present.
    public var authServersKey: SourceRange?
    public var authServer: Located<String>?
    public var proxyServer: Located<String>?
    public var services: [ServiceState] = []
    /// Secret values the file spells (`join_params.token_secret`, `bound_keypair`'s registration secret).
    public var otherSecrets: [String] = []

    /// Every value of the file that is a secret: a token name used with the
    /// `token` method (given or implied by `auth_token`), and the other secrets.
    public var secrets: [String] {
        var found = otherSecrets
        if let authToken, !authToken.value.isEmpty { found.append(authToken.value) }
        if let tokenName, !tokenName.value.isEmpty, method.map({ $0.value == JoinMethod.token.rawValue || $0.value.isEmpty }) ?? true {
            found.append(tokenName.value)
        }
        return found
    }

    public func state(of service: NodeService) -> ServiceState {
        services.first { $0.service == service }
            ?? ServiceState(service: service, section: nil, enabledValue: nil, enabled: service.enabledByDefault, starts: service.enabledByDefault)
    }

    /// The token as the process presents it: `join_params.token_name`, else `auth_token`.
    public var token: Located<String>? {
        if let tokenName, !tokenName.value.isEmpty { return tokenName }
        if let authToken, !authToken.value.isEmpty { return authToken }
        return nil
    }

    /// `utils.TryReadValueAsFile`: an absolute path is read as a file on the node.
    public var tokenIsFilePath: Bool { token?.value.hasPrefix("/") ?? false }

    /// The join method the process requests: `join_params.method`, or `token` for `auth_token`.
    public var requestedMethod: String? {
        if joinParams != nil { return method?.value }
        if authToken.map({ !$0.value.isEmpty }) ?? false { return JoinMethod.token.rawValue }
        return nil
    }

    /// Whether Auth runs in this process: it then registers locally and never uses a token.
    public var runsLocalAuth: Bool { state(of: .auth).enabled }

    /// Services that start, in the order of `NodeService`.
    public var startedServices: [NodeService] {
        NodeService.allCases.filter { state(of: $0).starts }
    }

    /// `Instance` plus one role per started service, except when Auth is the only one.
    public var requestedRoles: [SystemRole] {
        let serviceRoles = startedServices.compactMap(\.role)
        guard !serviceRoles.isEmpty else { return [] }
        return (SystemRole("Instance").map { [$0] } ?? []) + serviceRoles
    }

    /// Whether the file says how to reach a cluster, i.e. is meant for a joining node.
    public var intendsToJoin: Bool {
        token != nil || joinParams != nil || authServer != nil || proxyServer != nil || !authServers.isEmpty
    }
}

/// `apiutils.ParseBool`, as `Service.Enabled()` applies it.
enum TeleportBool {
    static func parse(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "yes", "yeah", "y", "true", "1", "on": true
        case "no", "nope", "n", "false", "0", "off": false
        default: nil
        }
    }
}
