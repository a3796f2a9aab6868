/// Reads a token document's YAML tree into a `TokenSource`, reporting
/// type errors (`wrong-type`) and keys the schema lacks (`unknown-field`).
struct TokenSourceDecoder {
    var findings: [Finding] = []
    /// Paths whose value had the wrong type.
    var unusablePaths: Set<String> = []

    static let topLevelFields = ["kind", "sub_kind", "version", "metadata", "spec", "status"]
    static let legacyV1Fields = ["kind", "token", "roles", "expires"]
    static let metadataFields = ["name", "description", "labels", "expires", "namespace", "revision", "id"]
    static let methodConfigurationKeys = JoinMethod.allCases.compactMap(\.configurationKey)
    static let specFields =
        ["roles", "join_method", "bot_name", "aws_iid_ttl", "allow", "integration", "suggested_labels", "suggested_agent_matcher_labels"]
        + methodConfigurationKeys
    static let allowRuleFields = ["aws_account", "aws_regions", "aws_role", "aws_arn", "aws_organization_id", "aws_organizational_units"]
    static let organizationalUnitFields = ["include", "exclude"]

    mutating func decode(_ root: YAMLNode) -> TokenSource {
        var source = TokenSource(documentRange: root.range)
        let entries = root.entries ?? .empty
        let hasVersion = entries.contains { $0.name == "version" }
        let hasTopLevelToken = entries.contains { $0.name == "token" }
        source.isLegacyV1 = !hasVersion && hasTopLevelToken
        let known = source.isLegacyV1 ? Self.legacyV1Fields : Self.topLevelFields
        forEachField(of: root, path: "", known: known) { decoder, name, entry in
            switch name {
            case "kind": source.kind = decoder.string(entry, path: "kind")
            case "version": source.version = decoder.string(entry, path: "version")
            case "metadata":
                source.metadataKey = entry.key.range
                if !hasVersion { source.legacyV2Keys.append(entry.key.range) }
                decoder.decodeMetadata(entry.value, into: &source)
            case "spec":
                source.specKey = entry.key.range
                if !hasVersion { source.legacyV2Keys.append(entry.key.range) }
                decoder.decodeSpec(entry.value, into: &source)
            case "token": source.name = decoder.string(entry, path: "token")
            case "roles":
                source.rolesKey = entry.key.range
                source.roles = decoder.stringList(entry, path: "roles")
            case "expires": source.expires = decoder.string(entry, path: "expires")
            default: break  // sub_kind, status: server-managed, ignored as Teleport does.
            }
        }
        source.unusablePaths = unusablePaths
        return source
    }

    private mutating func decodeMetadata(_ node: YAMLNode, into source: inout TokenSource) {
        guard expectMapping(node, path: "metadata") else { return }
        forEachField(of: node, path: "metadata", known: Self.metadataFields) { decoder, name, entry in
            switch name {
            case "name":
                source.name = decoder.string(entry, path: "metadata.name")
                // A name of the wrong type (an unquoted number) is still what the author meant as the secret.
                if source.name == nil, let scalar = entry.value.scalar, ResolvedScalar(scalar) != .null {
                    source.unusableNameText = scalar.value
                }
            case "description": source.description = decoder.string(entry, path: "metadata.description")
            case "expires": source.expires = decoder.string(entry, path: "metadata.expires")
            case "labels": source.labels = decoder.stringMap(entry.value, path: "metadata.labels")
            case "namespace": _ = decoder.string(entry, path: "metadata.namespace")
            default: break
            }
        }
    }

    private mutating func decodeSpec(_ node: YAMLNode, into source: inout TokenSource) {
        guard expectMapping(node, path: "spec") else { return }
        forEachField(of: node, path: "spec", known: Self.specFields) { decoder, name, entry in
            let path = { "spec." + name }
            switch name {
            case "roles":
                source.rolesKey = entry.key.range
                source.roles = decoder.stringList(entry, path: "spec.roles")
            case "join_method": source.joinMethod = decoder.string(entry, path: "spec.join_method")
            case "bot_name": source.botName = decoder.string(entry, path: "spec.bot_name")
            case "aws_iid_ttl": source.awsIIDTTL = decoder.string(entry, path: "spec.aws_iid_ttl")
            case "allow":
                source.allowKey = entry.key.range
                source.allow = decoder.allowRules(entry.value, path: "spec.allow")
            case "integration": source.integration = decoder.string(entry, path: "spec.integration")
            case "suggested_labels": source.suggestedLabels = decoder.suggestedLabels(entry.value, path: "spec.suggested_labels")
            case "suggested_agent_matcher_labels":
                source.suggestedAgentMatcherLabels = decoder.suggestedLabels(entry.value, path: "spec.suggested_agent_matcher_labels")
            default:
                // Teleport decodes every method's object, whichever method is chosen: a type error in any is an error.
                guard let configuration = JoinMethodConfigurations.forKey(name) else { return }
                var objects = MethodObjectDecoder()
                if let scalar = entry.value.scalar, ResolvedScalar(scalar) == .null { return }
                if let object = objects.decode(entry.value, key: entry.key.range, path: path(), schema: configuration.schema) {
                    source.methodObjects[name] = object
                } else {
                    decoder.unusablePaths.insert(path())
                }
                decoder.findings += objects.findings
            }
        }
    }

    private mutating func allowRules(_ node: YAMLNode, path: String) -> [AllowRuleSource] {
        guard let items = list(node, path: path) else { return [] }
        var rules: [AllowRuleSource] = []
        for (index, item) in items.enumerated() {
            let itemPath = path + "[" + String(index) + "]"
            var rule = AllowRuleSource(range: item.range)
            if item.scalar.map({ ResolvedScalar($0) == .null }) == true {
                rules.append(rule)
                continue
            }
            guard expectMapping(item, path: itemPath) else { continue }
            forEachField(of: item, path: itemPath, known: Self.allowRuleFields) { decoder, name, entry in
                switch name {
                case "aws_account": rule.awsAccount = decoder.string(entry, path: itemPath + ".aws_account")
                case "aws_regions":
                    rule.regionsKey = entry.key.range
                    rule.awsRegions = decoder.stringList(entry, path: itemPath + ".aws_regions")
                case "aws_role": rule.awsRole = decoder.string(entry, path: itemPath + ".aws_role")
                case "aws_arn": rule.awsARN = decoder.string(entry, path: itemPath + ".aws_arn")
                case "aws_organization_id":
                    rule.awsOrganizationID = decoder.string(entry, path: itemPath + ".aws_organization_id")
                case "aws_organizational_units":
                    rule.organizationalUnits = decoder.organizationalUnits(entry, path: itemPath + ".aws_organizational_units")
                default: break
                }
            }
            rules.append(rule)
        }
        return rules
    }

    private mutating func organizationalUnits(_ entry: YAMLEntry, path: String) -> OrganizationalUnitsSource? {
        guard expectMapping(entry.value, path: path) else { return nil }
        var units = OrganizationalUnitsSource(keyRange: entry.key.range)
        forEachField(of: entry.value, path: path, known: Self.organizationalUnitFields) { decoder, name, field in
            if name == "include" {
                units.includeKey = field.key.range
                units.include = decoder.stringList(field, path: path + ".include")
            } else {
                units.excludeKey = field.key.range
                units.exclude = decoder.stringList(field, path: path + ".exclude")
            }
        }
        return units
    }

    /// `suggested_labels`-style maps (Teleport's `utils.Strings` values): each value a string or a list of strings.
    private mutating func suggestedLabels(_ node: YAMLNode, path: String) -> JSONValue? {
        guard expectMapping(node, path: path) else { return nil }
        var members: [(String, JSONValue)] = []
        for entry in node.entries ?? .empty {
            guard let key = entry.key.scalar?.value else {
                findings.append(Finding(.wrongType, at: entry.key.range, "\(path) keys must be strings, not \(entry.key.kindDescription)"))
                continue
            }
            let valuePath = path + "." + key
            if let items = entry.value.items {
                var values: [JSONValue] = []
                for (index, item) in items.enumerated() {
                    if let text = string(YAMLEntry(key: entry.key, value: item), path: valuePath + "[" + String(index) + "]") {
                        values.append(.string(text.value))
                    }
                }
                members.append((key, .array(values)))
            } else if let scalar = entry.value.scalar, ResolvedScalar(scalar) == .null {
                members.append((key, .string("")))
            } else if let text = string(entry, path: valuePath) {
                members.append((key, .string(text.value)))
            }
        }
        return .object(members)
    }

    // MARK: - Typed readers

    private mutating func forEachField(
        of node: YAMLNode, path: String, known: [String], _ handle: (inout TokenSourceDecoder, String, YAMLEntry) -> Void
    ) {
        for entry in node.entries ?? .empty {
            guard let scalar = entry.key.scalar else {
                findings.append(
                    Finding(.wrongType, at: entry.key.range, "\(describe(path)) has a \(entry.key.kindDescription.dropFirst(2)) as a key; keys must be field names"))
                continue
            }
            let name = scalar.value
            guard known.contains(name) else {
                let field = path.isEmpty ? name : path + "." + name
                var message = "unknown field \(quoted(field))"
                if let suggestion = nearest(to: name, in: known) {
                    message += "; did you mean \(quoted(suggestion))?"
                }
                message += " (Teleport would silently ignore it)"
                findings.append(Finding(.unknownField, at: entry.key.range, message))
                continue
            }
            handle(&self, name, entry)
        }
    }

    private func describe(_ path: String) -> String { path.isEmpty ? "the document" : path }

    private mutating func expectMapping(_ node: YAMLNode, path: String) -> Bool {
        if node.entries != nil { return true }
        if let scalar = node.scalar, ResolvedScalar(scalar) == .null { return false }
        findings.append(Finding(.wrongType, at: node.range, "\(path) must be a mapping, not \(node.kindDescription)"))
        unusablePaths.insert(path)
        return false
    }

    /// A string field: quoted scalars and plain scalars that resolve to strings.
    private mutating func string(_ entry: YAMLEntry, path makePath: @autoclosure () -> String) -> Located<String>? {
        let node = entry.value
        // Built only when there is something to report.
        var path: String { makePath() }
        guard let scalar = node.scalar else {
            findings.append(Finding(.wrongType, at: node.range, "\(path) must be a string, not \(node.kindDescription)"))
            unusablePaths.insert(path)
            return nil
        }
        switch ResolvedScalar(scalar) {
        case .string, .mergeKey:
            return Located(scalar.value, range: node.range, keyRange: entry.key.range)
        case .null:
            return nil
        case let resolved:
            findings.append(Finding(.wrongType, at: node.range, Self.notAString(scalar, resolved: resolved, path: path)))
            unusablePaths.insert(path)
            return nil
        }
    }

    static func notAString(_ scalar: YAMLScalar, resolved: ResolvedScalar, path: String) -> String {
        let text = scalar.value
        let fix = "quote it: \(quoted(text))"
        switch resolved {
        case .float where hasLeadingZero(text):
            return "\(path) must be a string, but \(text) is read as a number (YAML 1.1 makes it a float, so the leading zero is lost); \(fix)"
        case .bool:
            return "\(path) must be a string, but \(text) is read as a boolean; \(fix)"
        default:
            return "\(path) must be a string, but \(text) is read as \(resolved.kindDescription); \(fix)"
        }
    }

    private static func hasLeadingZero(_ text: String) -> Bool {
        var digits = Substring(text)
        if digits.first == "+" || digits.first == "-" { digits = digits.dropFirst() }
        return digits.count > 1 && digits.first == "0" && digits.dropFirst().first?.isNumber == true
    }

    private mutating func list(_ node: YAMLNode, path makePath: @autoclosure () -> String) -> YAMLItems? {
        var path: String { makePath() }
        if let items = node.items { return items }
        if let scalar = node.scalar, ResolvedScalar(scalar) == .null { return nil }
        findings.append(Finding(.wrongType, at: node.range, "\(path) must be a list, not \(node.kindDescription)"))
        unusablePaths.insert(path)
        return nil
    }

    private mutating func stringList(_ entry: YAMLEntry, path makePath: @autoclosure () -> String) -> [Located<String>] {
        guard let items = list(entry.value, path: makePath()) else { return [] }
        var values: [Located<String>] = []
        values.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            if let value = string(YAMLEntry(key: entry.key, value: item), path: makePath() + "[" + String(index) + "]") {
                values.append(value)
            }
        }
        return values
    }

    private mutating func stringMap(_ node: YAMLNode, path: String) -> [(key: Located<String>, value: String)] {
        guard expectMapping(node, path: path) else { return [] }
        var pairs: [(key: Located<String>, value: String)] = []
        for entry in node.entries ?? .empty {
            guard let key = entry.key.scalar else {
                findings.append(Finding(.wrongType, at: entry.key.range, "\(path) keys must be strings, not \(entry.key.kindDescription)"))
                continue
            }
            let located = Located(key.value, range: entry.key.range, keyRange: entry.key.range)
            if let value = string(entry, path: "\(path).\(key.value)") {
                pairs.append((located, value.value))
            } else if let scalar = entry.value.scalar, ResolvedScalar(scalar) == .null {
                pairs.append((located, ""))
            }
        }
        return pairs
    }
}
