/// Reads a node's `teleport.yaml` (v1, v2, v3) from the positioned YAML
/// tree: every key against the keys Teleport's strict parser knows, the
/// join-relevant values into a `NodeConfiguration`. The rules Teleport
/// applies when it starts are `NodeConfigurationRules`.
public struct NodeConfigurationReader: Sendable {
    public var limits: InputLimits

    public init(limits: InputLimits = .standard) {
        self.limits = limits
    }

    /// A document that is a Teleport configuration rather than a resource:
    /// a mapping without `kind` whose keys include `teleport` or a `*_service`.
    public static func isConfigurationDocument(_ root: YAMLNode) -> Bool {
        guard let entries = root.entries, !entries.contains(where: { $0.name == "kind" }) else { return false }
        return entries.contains { entry in
            guard let name = entry.name else { return false }
            return name == "teleport" || name.hasSuffix("_service")
        }
    }

    /// A whole file: one YAML document that is a Teleport configuration.
    public enum FileResult: Sendable {
        case configuration(NodeConfiguration, findings: [Finding])
        /// Not YAML, over a limit, empty, several documents, or not a Teleport configuration.
        case unusable(Finding)
    }

    public func read(_ text: SourceText) -> FileResult {
        var roots: [YAMLDocument] = []
        if let fatal = YAMLParser(limits: limits).parse(text, { roots.append($0) }) { return .unusable(fatal) }
        let documents = roots.filter { !$0.isEmpty }
        guard let document = documents.first else {
            return .unusable(Finding(.noResources, at: .point(.start), "the file holds no YAML document; a teleport.yaml has a teleport: section and service sections"))
        }
        if documents.count > 1 {
            return .unusable(
                Finding(.yamlSyntax, at: documents[1].root.range, "a teleport.yaml holds one YAML document; this file has \(documents.count)"))
        }
        guard Self.isConfigurationDocument(document.root) else {
            let what = document.root.entries?.contains { $0.name == "kind" } == true ? "a resource (it has kind:)" : document.root.kindDescription
            return .unusable(
                Finding(
                    .configWrongType, at: document.root.range,
                    "this is not a Teleport configuration: expected a mapping with a teleport: section or *_service sections, found \(what)"))
        }
        let (configuration, findings) = read(document.root)
        return .configuration(configuration, findings: document.findings + findings)
    }

    /// A configuration document: its facts, the key and type problems, and the start and join rules' findings.
    public func read(_ root: YAMLNode) -> (NodeConfiguration, [Finding]) {
        var decoder = Decoder()
        let configuration = decoder.decode(root)
        return (configuration, decoder.findings + NodeConfigurationRules(configuration).findings)
    }

    private struct Decoder {
        var findings: [Finding] = []

        mutating func decode(_ root: YAMLNode) -> NodeConfiguration {
            var configuration = NodeConfiguration()
            checkKeys(root, path: "", keys: .file)
            var sections: [NodeService: ServiceState] = [:]
            for entry in root.entries ?? .empty {
                guard let name = entry.name else { continue }
                switch name {
                case "version": configuration.version = string(entry, path: "version")
                case "teleport":
                    configuration.globalSection = entry.key.range
                    decodeGlobal(entry.value, into: &configuration)
                default:
                    if let service = NodeService(rawValue: name) {
                        sections[service] = decodeService(service, entry)
                    } else if ConfigKeys.sections[name] != nil {
                        _ = expectMapping(entry.value, path: name)
                    }
                }
            }
            configuration.services = NodeService.allCases.map { service in
                sections[service]
                    ?? ServiceState(
                        service: service, section: nil, enabledValue: nil, enabled: service.enabledByDefault,
                        starts: service.enabledByDefault)
            }
            return configuration
        }

        private mutating func decodeGlobal(_ node: YAMLNode, into configuration: inout NodeConfiguration) {
            guard expectMapping(node, path: "teleport") else { return }
            for entry in node.entries ?? .empty {
                switch entry.name {
                case "nodename": configuration.nodename = string(entry, path: "teleport.nodename")
                case "data_dir": configuration.dataDir = string(entry, path: "teleport.data_dir")
                case "auth_token": configuration.authToken = string(entry, path: "teleport.auth_token")
                case "auth_server": configuration.authServer = string(entry, path: "teleport.auth_server")
                case "proxy_server": configuration.proxyServer = string(entry, path: "teleport.proxy_server")
                case "auth_servers":
                    configuration.authServersKey = entry.key.range
                    configuration.authServers = stringList(entry, path: "teleport.auth_servers")
                case "bound_keypair":
                    if let secret = entry.value.entries?.first(where: { $0.name == "registration_secret_value" }),
                        let value = secret.value.scalar?.value, !value.isEmpty
                    {
                        configuration.otherSecrets.append(value)
                    }
                case "join_params":
                    guard expectMapping(entry.value, path: "teleport.join_params") else {
                        configuration.joinParamsUnreadable = entry.value.scalar.map { ResolvedScalar($0) != .null } ?? true
                        continue
                    }
                    guard let params = entry.value.entries, !params.isEmpty else { continue }
                    configuration.joinParams = entry.key.range
                    for parameter in params {
                        switch parameter.name {
                        case "token_name": configuration.tokenName = string(parameter, path: "teleport.join_params.token_name")
                        case "method": configuration.method = string(parameter, path: "teleport.join_params.method")
                        case "azure": _ = expectMapping(parameter.value, path: "teleport.join_params.azure")
                        case "token_secret":
                            if let secret = string(parameter, path: "teleport.join_params.token_secret") {
                                configuration.otherSecrets.append(secret.value)
                            }
                        default: break
                        }
                    }
                default: break
                }
            }
        }

        private mutating func decodeService(_ service: NodeService, _ entry: YAMLEntry) -> ServiceState {
            var state = ServiceState(
                service: service, section: entry.key.range, enabledValue: nil, enabled: service.enabledByDefault,
                starts: service.enabledByDefault)
            guard expectMapping(entry.value, path: service.rawValue), let entries = entry.value.entries else { return state }
            if let flag = entries.first(where: { $0.name == "enabled" }) {
                if let scalar = flag.value.scalar, ResolvedScalar(scalar) != .null {
                    state.enabledValue = Located(scalar.value, range: flag.value.range, keyRange: flag.key.range)
                    state.enabled = TeleportBool.parse(scalar.value) ?? false
                } else if flag.value.scalar == nil {
                    findings.append(
                        Finding(
                            .configWrongType, at: flag.value.range,
                            "failed parsing the config file: \(service.rawValue).enabled must be a value such as yes or no, not \(flag.value.kindDescription)"))
                }
            }
            state.starts = state.enabled
            if state.enabled, let contentKeys = service.contentKeys {
                state.starts = entries.contains { entry in
                    guard let name = entry.name, contentKeys.contains(name) else { return false }
                    return Self.isNonEmpty(entry.value, flag: name == "debug_app")
                }
            }
            return state
        }

        /// A list or mapping with members, or (for a flag such as `debug_app`) a true value.
        private static func isNonEmpty(_ node: YAMLNode, flag: Bool) -> Bool {
            if let items = node.items { return !items.isEmpty }
            if let entries = node.entries { return !entries.isEmpty }
            guard flag, let scalar = node.scalar else { return false }
            return ResolvedScalar(scalar) == .bool(true)
        }

        // MARK: - Keys

        /// Every key of `node` against `keys`, recursively where tokenctl knows the nested keys.
        private mutating func checkKeys(_ node: YAMLNode, path: String, keys: ConfigKeys) {
            guard let entries = node.entries else { return }
            for entry in entries {
                guard let scalar = entry.key.scalar else {
                    findings.append(
                        Finding(.configWrongType, at: entry.key.range, "failed parsing the config file: \(describe(path)) has a \(entry.key.kindDescription.dropFirst(2)) as a key; keys are field names"))
                    continue
                }
                let name = scalar.value
                let field = path.isEmpty ? name : path + "." + name
                guard let nested = keys.keys[name] else {
                    reportUnknown(name, field: field, at: entry.key.range, keys: keys, path: path)
                    continue
                }
                if !nested.isOpaque { checkKeys(entry.value, path: field, keys: nested) }
            }
        }

        private mutating func reportUnknown(_ name: String, field: String, at range: SourceRange, keys: ConfigKeys, path: String) {
            let suggestion = nearest(to: name, in: keys.names)
            if keys.complete || suggestion != nil {
                var message = "failed parsing the config file: unknown key \(quoted(field))"
                if let suggestion { message += "; did you mean \(quoted(suggestion))?" }
                message += " Teleport's strict parser refuses the whole file, so the node does not start"
                findings.append(Finding(.configUnknownKey, at: range, message))
            } else {
                findings.append(
                    Finding(
                        .configUnverifiedKey, at: range,
                        "key \(quoted(field)) is not one tokenctl knows in \(describe(path)); Teleport refuses keys its version does not have, so check it against the configuration reference of the Teleport version this node runs"))
            }
        }

        private func describe(_ path: String) -> String { path.isEmpty ? "the top level" : path }

        // MARK: - Values

        private mutating func expectMapping(_ node: YAMLNode, path: String) -> Bool {
            if node.entries != nil { return true }
            if let scalar = node.scalar, ResolvedScalar(scalar) == .null { return false }
            findings.append(
                Finding(.configWrongType, at: node.range, "failed parsing the config file: \(path) must be a mapping, not \(node.kindDescription)"))
            return false
        }

        /// A string field as yaml.v2 fills one: any scalar, as written (`yes` stays "yes").
        private mutating func string(_ entry: YAMLEntry, path: String) -> Located<String>? {
            guard let scalar = entry.value.scalar else {
                findings.append(
                    Finding(
                        .configWrongType, at: entry.value.range,
                        "failed parsing the config file: \(path) must be a string, not \(entry.value.kindDescription)"))
                return nil
            }
            if ResolvedScalar(scalar) == .null { return nil }
            return Located(scalar.value, range: entry.value.range, keyRange: entry.key.range)
        }

        private mutating func stringList(_ entry: YAMLEntry, path: String) -> [Located<String>] {
            if let scalar = entry.value.scalar, ResolvedScalar(scalar) == .null { return [] }
            guard let items = entry.value.items else {
                findings.append(
                    Finding(.configWrongType, at: entry.value.range, "failed parsing the config file: \(path) must be a list of addresses, not \(entry.value.kindDescription)"))
                return []
            }
            var values: [Located<String>] = []
            for (index, item) in items.enumerated() {
                if let value = string(YAMLEntry(key: entry.key, value: item), path: "\(path)[\(index)]") { values.append(value) }
            }
            return values
        }
    }
}
