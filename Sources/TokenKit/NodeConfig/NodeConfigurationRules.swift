/// What Teleport checks when it starts a node from a `teleport.yaml`, and
/// what makes such a node never join (teleport-config.md §1.3–1.5): each as
/// a finding at the key that decides it, in Teleport's words where it has them.
struct NodeConfigurationRules {
    private(set) var findings: [Finding] = []
    private let configuration: NodeConfiguration

    static let versions = ["v1", "v2", "v3"]
    /// `types.ValidateJoinMethod`'s message in the newest Teleport (PR #64005).
    static let joinMethodList =
        "azure, azure_devops, bitbucket, circleci, ec2, gcp, github, gitlab, iam, kubernetes, spacelift, token, tpm, terraform_cloud, oracle, bound_keypair, env0"
    static let serviceList =
        "auth_service, ssh_service, proxy_service, app_service, database_service, kubernetes_service, windows_desktop_service, discovery_service, okta_service or jamf_service"

    init(_ configuration: NodeConfiguration) {
        self.configuration = configuration
        checkVersion()
        checkServices()
        checkLocalAuth()
        checkToken()
        if Self.versions.contains(configuration.versionText) { checkAddresses() }
    }

    /// Where a finding about the file as a whole points: the `teleport:` key, else the start.
    private var fileAnchor: SourceRange { configuration.globalSection ?? .point(.start) }

    private mutating func add(_ rule: RuleID, at range: SourceRange?, _ message: String) {
        findings.append(Finding(rule, at: range ?? fileAnchor, message))
    }

    private mutating func checkVersion() {
        guard let version = configuration.version, !Self.versions.contains(version.value) else { return }
        add(
            .configVersion, at: version.range,
            "failed to parse Teleport configuration: version must be one of v1, v2, v3 (this file says \(quoted(version.value)))")
    }

    private mutating func checkServices() {
        for state in configuration.services {
            let name = state.service.rawValue
            if let value = state.enabledValue, TeleportBool.parse(value.value) == nil {
                add(
                    .configEnabledValue, at: value.range,
                    "\(name).enabled is \(quoted(value.value)), which Teleport does not read as a boolean, so \(name) silently counts as off; write yes or no")
            }
            if state.enabled, !state.starts, let keys = state.service.contentKeys {
                let role = state.service.role?.name ?? ""
                add(
                    .configEmptyService, at: state.decidedAt,
                    "\(name) is enabled with empty configuration (no \(keys.filter { $0 != "debug_app" }.joined(separator: ", "))), so it does not start and the node requests no \(role) role; add what it should serve or disable it")
            }
            if state.enabled, state.service.isEnterpriseOnly {
                add(
                    .configEnterpriseService, at: state.decidedAt,
                    "\(name) is a Teleport Enterprise service: a community build does not run it (\"Attempting to use enterprise only services\")")
            }
        }
        if !configuration.services.contains(where: \.enabled) {
            add(.configNoService, at: nil, "config: enable at least one of \(Self.serviceList)")
        }
    }

    private mutating func checkLocalAuth() {
        let auth = configuration.state(of: .auth)
        guard auth.enabled, configuration.intendsToJoin else { return }
        if auth.section == nil {
            add(
                .configLocalAuth, at: nil,
                "the file has no auth_service section, and Teleport turns auth_service on unless it says enabled: no, so this process starts its own Auth Service and never joins the cluster; add auth_service: {enabled: no}")
        } else {
            add(
                .configLocalAuth, at: auth.decidedAt,
                "auth_service is enabled, so this process starts its own Auth Service and never joins the cluster with its token; set auth_service.enabled: no on a joining node")
        }
    }

    private mutating func checkToken() {
        if let authToken = configuration.authToken, !authToken.value.isEmpty, configuration.joinParams != nil {
            add(
                .configJoinParams, at: authToken.keyRange,
                "failed to parse Teleport configuration: only one of auth_token or join_params should be set; keep join_params (token_name, method) and remove auth_token")
        }
        if let joinParams = configuration.joinParams {
            if let method = configuration.method, !method.value.isEmpty {
                if JoinMethod(rawValue: method.value) == nil {
                    var message = "join method must be one of \(Self.joinMethodList) (this file says \(quoted(method.value)))"
                    if let suggestion = nearest(to: method.value, in: JoinMethod.allCases.map(\.rawValue)) {
                        message += "; did you mean \(quoted(suggestion))?"
                    }
                    add(.configJoinParams, at: method.range, message)
                }
            } else {
                add(
                    .configJoinParams, at: configuration.method?.range ?? joinParams,
                    "join_params has no method: join method must be one of \(Self.joinMethodList); add method: with the token's join_method (e.g. ec2)")
            }
        }
        if configuration.token == nil, !configuration.joinParamsUnreadable, !configuration.runsLocalAuth, !configuration.requestedRoles.isEmpty {
            add(
                .configJoinParams, at: configuration.joinParams,
                "Instance must join a cluster and needs a provisioning token: set teleport.join_params.token_name (and method)")
        }
    }

    private mutating func checkAddresses() {
        let localAuth = configuration.runsLocalAuth
        let authServer = configuration.authServer
        let proxyServer = configuration.proxyServer
        guard configuration.versionText == "v3" else {
            if let authServer {
                add(.configAddress, at: authServer.keyRange, "auth_server is supported from config version v3 onwards; use auth_servers, or version: v3")
            }
            if let proxyServer {
                add(.configAddress, at: proxyServer.keyRange, "proxy_server is supported from config version v3 onwards; add version: v3")
            }
            if !localAuth, configuration.authServers.isEmpty, authServer == nil, proxyServer == nil {
                add(.configAddress, at: configuration.authServersKey, "config: auth_servers is required: list the Auth Service or Proxy address")
            }
            return
        }
        if let key = configuration.authServersKey {
            add(.configAddress, at: key, "config v3 has replaced auth_servers with either auth_server or proxy_server")
        }
        if authServer != nil, let proxyServer {
            add(.configAddress, at: proxyServer.keyRange, "only one of auth_server or proxy_server should be set")
        }
        let proxy = configuration.state(of: .proxy)
        if let proxyServer, proxy.enabled {
            let why = proxy.section == nil ? " (the file omits proxy_service, which is then on); add proxy_service: {enabled: no}" : "; set proxy_service.enabled: no"
            add(.configAddress, at: proxyServer.keyRange, "proxy_server can not be specified when proxy service is enabled" + why)
        }
        if let proxyServer, localAuth {
            add(
                .configAddress, at: proxyServer.keyRange,
                "config: cannot use both auth_server and proxy_server (the local Auth Service fills auth_server)")
        }
        if !localAuth, authServer == nil, proxyServer == nil, configuration.authServersKey == nil {
            add(.configAddress, at: nil, "config: auth_server or proxy_server is required: a joining node needs the Proxy's address (proxy_server)")
        }
        if !localAuth, let authServer, proxyServer == nil {
            for service in [NodeService.app, .db] where configuration.state(of: service).enabled {
                add(
                    .configAddress, at: authServer.keyRange,
                    "config: when \(service.rawValue) is enabled, proxy_server must be specified instead of auth_server")
            }
        }
        if let proxyServer, NodeAddress.port(of: proxyServer.value, default: 3080) == 3025 {
            add(.configAddressPort, at: proxyServer.range, "config: proxy_server is pointing to port 3025, is this the auth server address?")
        }
        if let authServer, [3080, 443].contains(NodeAddress.port(of: authServer.value, default: 3025)) {
            add(
                .configAddressPort, at: authServer.range,
                "config: auth_server is pointing to port 3080 or 443, is this the proxy server address? If it is, use proxy_server instead of auth_server")
        }
    }
}

/// `netutils.ParseAddr`'s forms: `host:port`, `tcp://`, `http://`, `https://`.
enum NodeAddress {
    static func port(of address: String, default defaultPort: Int) -> Int? {
        var rest = Substring(address)
        for scheme in ["tcp://", "http://", "https://"] where rest.lowercased().hasPrefix(scheme) {
            rest = rest.dropFirst(scheme.count)
        }
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            let after = rest[rest.index(after: close)...]
            return after.hasPrefix(":") ? Int(after.dropFirst()) : defaultPort
        }
        guard let colon = rest.lastIndex(of: ":") else { return defaultPort }
        return Int(rest[rest.index(after: colon)...])
    }
}
