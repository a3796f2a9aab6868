/// The canonical form of a token resource (SPEC §3): keys in a fixed order,
/// empty fields omitted, defaults applied. The order is written down once,
/// in `write(_:to:)`; `get`'s JSON and YAML and the stored text are all
/// renderings of it.
public enum CanonicalResource {
    /// As a value, for `get` and `list` output.
    public static func json(for token: ProvisionToken, maskSecret: Bool) -> JSONValue {
        var builder = JSONValueBuilder()
        var shown = token
        if maskSecret, let secret = token.registrationSecret {
            shown.methodConfiguration = token.methodConfiguration?.replacing(
                path: BoundKeypairConfiguration.registrationSecretPath, with: .string(SecretMask.mask(secret)))
        }
        write(shown, name: maskSecret ? token.displayName : token.name, to: &builder)
        return builder.result
    }

    /// As compact JSON text (unmasked): how the store keeps resources.
    public static func compactText(for token: ProvisionToken) -> String {
        var writer = CompactJSONWriter()
        write(token, name: token.name, to: &writer)
        return writer.text
    }

    static func write(_ token: ProvisionToken, name: String, to out: inout some ResourceWriter) {
        out.beginObject()
        out.key("kind"); out.string("token")
        out.key("version"); out.string("v2")
        out.key("metadata"); out.beginObject()
        out.key("name"); out.string(name)
        if !token.description.isEmpty { out.key("description"); out.string(token.description) }
        if !token.labels.isEmpty {
            out.key("labels"); out.beginObject()
            for (key, value) in token.labels.sortedByKeyBytes {
                out.key(key); out.string(value)
            }
            out.endObject()
        }
        if let expires = token.expires { out.key("expires"); out.string(expires.description) }
        out.endObject()

        out.key("spec"); out.beginObject()
        out.key("roles"); out.beginArray()
        for role in token.roles { out.string(role.name) }
        out.endArray()
        out.key("join_method"); out.string(token.joinMethod.rawValue)
        if !token.botName.isEmpty { out.key("bot_name"); out.string(token.botName) }
        if !token.integration.isEmpty { out.key("integration"); out.string(token.integration) }
        if let ttl = token.awsIIDTTL { out.key("aws_iid_ttl"); out.string(ttl.description) }
        if !token.allow.isEmpty {
            out.key("allow"); out.beginArray()
            for rule in token.allow { write(rule, to: &out) }
            out.endArray()
        }
        if let key = token.joinMethod.configurationKey, let configuration = token.methodConfiguration {
            out.key(key); out.value(configuration)
        }
        if let labels = token.suggestedLabels { out.key("suggested_labels"); out.value(labels) }
        if let labels = token.suggestedAgentMatcherLabels { out.key("suggested_agent_matcher_labels"); out.value(labels) }
        out.endObject()
        out.endObject()
    }

    private static func write(_ rule: AllowRule, to out: inout some ResourceWriter) {
        out.beginObject()
        if !rule.awsAccount.isEmpty { out.key("aws_account"); out.string(rule.awsAccount) }
        if !rule.awsRegions.isEmpty {
            out.key("aws_regions"); out.beginArray()
            for region in rule.awsRegions { out.string(region) }
            out.endArray()
        }
        if !rule.awsRole.isEmpty { out.key("aws_role"); out.string(rule.awsRole) }
        if !rule.awsARN.isEmpty { out.key("aws_arn"); out.string(rule.awsARN) }
        if !rule.awsOrganizationID.isEmpty { out.key("aws_organization_id"); out.string(rule.awsOrganizationID) }
        if let units = rule.organizationalUnits {
            out.key("aws_organizational_units"); out.beginObject()
            for (key, values) in [("include", units.include), ("exclude", units.exclude)] where !values.isEmpty {
                out.key(key); out.beginArray()
                for value in values { out.string(value) }
                out.endArray()
            }
            out.endObject()
        }
        out.endObject()
    }
}

/// Receives a resource as a stream of JSON-shaped events.
protocol ResourceWriter {
    mutating func beginObject()
    mutating func endObject()
    mutating func beginArray()
    mutating func endArray()
    mutating func key(_ name: String)
    mutating func string(_ value: String)
    /// A value kept verbatim (a join method's configuration).
    mutating func value(_ value: JSONValue)
}

/// Builds a `JSONValue` tree from writer events.
struct JSONValueBuilder: ResourceWriter {
    private enum Container {
        case object([(String, JSONValue)], pendingKey: String?)
        case array([JSONValue])
    }

    private var stack: [Container] = []
    private(set) var result: JSONValue = .null

    mutating func beginObject() { stack.append(.object([], pendingKey: nil)) }
    mutating func beginArray() { stack.append(.array([])) }

    mutating func endObject() {
        guard case .object(let members, _)? = stack.popLast() else { return }
        value(.object(members))
    }

    mutating func endArray() {
        guard case .array(let items)? = stack.popLast() else { return }
        value(.array(items))
    }

    mutating func key(_ name: String) {
        guard case .object(let members, _)? = stack.popLast() else { return }
        stack.append(.object(members, pendingKey: name))
    }

    mutating func string(_ text: String) { value(.string(text)) }

    mutating func value(_ value: JSONValue) {
        switch stack.popLast() {
        case .object(var members, let key?)?:
            members.append((key, value))
            stack.append(.object(members, pendingKey: nil))
        case .array(var items)?:
            items.append(value)
            stack.append(.array(items))
        case .object(let members, nil)?:
            stack.append(.object(members, pendingKey: nil))
        case nil:
            result = value
        }
    }
}

/// Writes compact JSON text directly from writer events, into bytes.
package struct CompactJSONWriter: ResourceWriter {
    private var bytes: [UInt8] = []
    /// Whether the innermost container already has an element.
    private var hasElement: [Bool] = []

    package init() {
        bytes.reserveCapacity(512)
        hasElement.reserveCapacity(8)
    }

    package var text: String { String(decoding: bytes, as: UTF8.self) }

    private mutating func separate() {
        guard let last = hasElement.last else { return }
        if last { bytes.append(UInt8(ascii: ",")) } else { hasElement[hasElement.count - 1] = true }
    }

    package mutating func beginObject() { open(UInt8(ascii: "{")) }
    package mutating func endObject() { close(UInt8(ascii: "}")) }
    package mutating func beginArray() { open(UInt8(ascii: "[")) }
    package mutating func endArray() { close(UInt8(ascii: "]")) }

    private mutating func open(_ bracket: UInt8) {
        separate()
        bytes.append(bracket)
        hasElement.append(false)
    }

    private mutating func close(_ bracket: UInt8) {
        bytes.append(bracket)
        hasElement.removeLast()
    }

    package mutating func key(_ name: String) {
        separate()
        appendQuoted(name)
        bytes.append(UInt8(ascii: ":"))
        // The key's value follows without a comma.
        hasElement[hasElement.count - 1] = false
    }

    package mutating func string(_ value: String) {
        separate()
        appendQuoted(value)
        restoreAfterValue()
    }

    package mutating func value(_ value: JSONValue) {
        switch value {
        case .object(let members):
            beginObject()
            for (key, member) in members {
                self.key(key)
                self.value(member)
            }
            endObject()
        case .array(let items):
            beginArray()
            for item in items { self.value(item) }
            endArray()
        case .string(let text):
            string(text)
        case .null, .bool, .number:
            separate()
            switch value {
            case .bool(let flag): bytes.append(contentsOf: (flag ? "true" : "false").utf8)
            case .number(let text): bytes.appendUTF8(of: text)
            default: bytes.append(contentsOf: "null".utf8)
            }
            restoreAfterValue()
        }
    }

    private mutating func appendQuoted(_ text: String) {
        JSONValue.appendQuoted(text, to: &bytes)
    }

    private mutating func restoreAfterValue() {
        if !hasElement.isEmpty { hasElement[hasElement.count - 1] = true }
    }
}
