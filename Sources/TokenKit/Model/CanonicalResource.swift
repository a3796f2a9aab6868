/// The canonical form of a token resource (SPEC §3): keys in a fixed order,
/// empty fields omitted, defaults applied. Both `get` output formats and
/// the stored resource are renderings of this one tree.
public enum CanonicalResource {
    public static func json(for token: ProvisionToken, maskSecret: Bool) -> JSONValue {
        var metadata: [(String, JSONValue)] = [("name", .string(maskSecret ? token.displayName : token.name))]
        if !token.description.isEmpty { metadata.append(("description", .string(token.description))) }
        if !token.labels.isEmpty {
            let sorted = token.labels.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            metadata.append(("labels", .object(sorted.map { ($0.key, .string($0.value)) })))
        }
        if let expires = token.expires { metadata.append(("expires", .string(expires.description))) }

        var spec: [(String, JSONValue)] = [
            ("roles", .array(token.roles.map { .string($0.name) })),
            ("join_method", .string(token.joinMethod.rawValue)),
        ]
        if !token.botName.isEmpty { spec.append(("bot_name", .string(token.botName))) }
        if let ttl = token.awsIIDTTL { spec.append(("aws_iid_ttl", .string(ttl.description))) }
        if !token.allow.isEmpty { spec.append(("allow", .array(token.allow.map(rule)))) }
        if let key = token.joinMethod.configurationKey, let configuration = token.methodConfiguration {
            spec.append((key, configuration))
        }
        if let labels = token.suggestedLabels { spec.append(("suggested_labels", labels)) }
        if let labels = token.suggestedAgentMatcherLabels { spec.append(("suggested_agent_matcher_labels", labels)) }

        return .object([
            ("kind", .string("token")),
            ("version", .string("v2")),
            ("metadata", .object(metadata)),
            ("spec", .object(spec)),
        ])
    }

    private static func rule(_ rule: AllowRule) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if !rule.awsAccount.isEmpty { members.append(("aws_account", .string(rule.awsAccount))) }
        if !rule.awsRegions.isEmpty { members.append(("aws_regions", .array(rule.awsRegions.map(JSONValue.string)))) }
        if !rule.awsRole.isEmpty { members.append(("aws_role", .string(rule.awsRole))) }
        if !rule.awsARN.isEmpty { members.append(("aws_arn", .string(rule.awsARN))) }
        if !rule.awsOrganizationID.isEmpty { members.append(("aws_organization_id", .string(rule.awsOrganizationID))) }
        return .object(members)
    }
}
