/// Reads a configuration object from the positioned YAML tree against its
/// schema, as Teleport's decoder (jsoniter into the generated structs) would:
/// a key the struct lacks is ignored by Teleport, so it is `unknown-field`
/// here ("did you mean"); a value of the wrong type is a decode error in
/// Teleport, so it is `wrong-type`; a timestamp Go cannot parse is
/// `invalid-timestamp`.
struct MethodObjectDecoder {
    private(set) var findings: [Finding] = []

    mutating func decode(_ node: YAMLNode, key: SourceRange, path: String, schema: MethodSchema) -> MethodObject? {
        guard let entries = mapping(node, path: path) else { return nil }
        var object = MethodObject(path: path, range: node.range, keyRange: key)
        for entry in entries {
            guard let name = entry.key.scalar?.value else {
                findings.append(
                    Finding(.wrongType, at: entry.key.range, "\(path) has a \(entry.key.kindDescription.dropFirst(2)) as a key; keys must be field names"))
                continue
            }
            guard let field = schema.field(name) else {
                var message = "unknown field \(quoted(path + "." + name))"
                if let suggestion = nearest(to: name, in: schema.names) { message += "; did you mean \(quoted(suggestion))?" }
                findings.append(Finding(.unknownField, at: entry.key.range, message + " (Teleport would silently ignore it)"))
                continue
            }
            let fieldPath = path + "." + name
            if let scalar = entry.value.scalar, ResolvedScalar(scalar) == .null { continue }  // null: unset, as in Go
            if case .boolOption = field.type, let scalar = entry.value.scalar, ResolvedScalar(scalar) == .string,
                TeleportBool.parse(scalar.value) == nil
            {
                object.unrecognisedBooleans[name] = Located(scalar.value, range: entry.value.range, keyRange: entry.key.range)
            }
            if let content = decodeValue(entry.value, key: entry.key.range, path: fieldPath, type: field.type) {
                object.values[name] = MethodValue(content: content, range: entry.value.range, keyRange: entry.key.range)
            } else {
                object.unusable.insert(name)
            }
        }
        return object
    }

    private mutating func decodeValue(_ node: YAMLNode, key: SourceRange, path: String, type: MethodFieldType) -> MethodValue.Content? {
        switch type {
        case .string:
            return string(node, path: path).map { .string($0) }
        case .bool:
            guard let scalar = node.scalar, case .bool(let flag) = ResolvedScalar(scalar) else {
                return wrongType(node, path: path, type: type, fix: "write true or false, unquoted")
            }
            return .bool(flag)
        case .boolOption:
            guard let scalar = node.scalar else { return wrongType(node, path: path, type: type, fix: "write true or false") }
            switch ResolvedScalar(scalar) {
            case .bool(let flag): return .bool(flag)
            // Teleport reads any string with ParseBool; one it does not know silently becomes false.
            case .string: return .bool(TeleportBool.parse(scalar.value) ?? false)
            default: return wrongType(node, path: path, type: type, fix: "write true or false")
            }
        case .uint32:
            guard let scalar = node.scalar, ResolvedScalar(scalar) == .int,
                case .number(let text) = JSONValue.number(fromYAML: scalar.value), let number = UInt32(text)
            else { return wrongType(node, path: path, type: type, fix: "write a number such as 1, unquoted") }
            return .number(number)
        case .timestamp:
            guard let text = string(node, path: path) else { return nil }
            guard let stamp = Timestamp.parseRFC3339(text) else {
                let problem = text.isEmpty ? "an empty string is not a time (Go cannot parse it)" : "\(quoted(text)) is not an RFC 3339 timestamp"
                findings.append(
                    Finding(.invalidTimestamp, at: node.range, "\(path): \(problem); write it like \"2030-01-01T00:00:00Z\", or remove the key to leave it unset"))
                return nil
            }
            return .timestamp(stamp)
        case .strings:
            guard let items = list(node, path: path) else { return nil }
            var values: [Located<String>] = []
            var usable = true
            for (index, item) in items.enumerated() {
                if let text = string(item, path: path + "[" + String(index) + "]") {
                    values.append(Located(text, range: item.range, keyRange: key))
                } else {
                    usable = false
                }
            }
            return usable ? .strings(values) : nil
        case .object(let schema):
            return decode(node, key: key, path: path, schema: schema).map { .object($0) }
        case .objects(let schema):
            guard let items = list(node, path: path) else { return nil }
            var objects: [MethodObject] = []
            for (index, item) in items.enumerated() {
                let itemPath = path + "[" + String(index) + "]"
                if let scalar = item.scalar, ResolvedScalar(scalar) == .null {
                    objects.append(MethodObject(path: itemPath, range: item.range, keyRange: .point(item.range.start)))
                } else if let object = decode(item, key: .point(item.range.start), path: itemPath, schema: schema) {
                    objects.append(object)
                }
            }
            return .objects(objects)
        case .verbatim:
            guard mapping(node, path: path) != nil else { return nil }
            return .verbatim(JSONValue(node))
        }
    }

    /// A Go string: quoted scalars and plain scalars that YAML resolves to strings.
    private mutating func string(_ node: YAMLNode, path: String) -> String? {
        guard let scalar = node.scalar else {
            findings.append(Finding(.wrongType, at: node.range, "\(path) must be a string, not \(node.kindDescription)"))
            return nil
        }
        switch ResolvedScalar(scalar) {
        case .string, .mergeKey: return scalar.value
        case .null: return ""
        case let resolved:
            findings.append(Finding(.wrongType, at: node.range, TokenSourceDecoder.notAString(scalar, resolved: resolved, path: path)))
            return nil
        }
    }

    private mutating func mapping(_ node: YAMLNode, path: String) -> YAMLEntries? {
        if let entries = node.entries { return entries }
        findings.append(Finding(.wrongType, at: node.range, "\(path) must be a mapping, not \(node.kindDescription)"))
        return nil
    }

    private mutating func list(_ node: YAMLNode, path: String) -> YAMLItems? {
        if let items = node.items { return items }
        findings.append(Finding(.wrongType, at: node.range, "\(path) must be a list, not \(node.kindDescription)"))
        return nil
    }

    private mutating func wrongType(_ node: YAMLNode, path: String, type: MethodFieldType, fix: String) -> MethodValue.Content? {
        let given = node.scalar.map { ResolvedScalar($0) == .string && $0.style.isQuoted ? "the quoted string \(quoted($0.value))" : "\($0.value) (\(node.kindDescription))" }
            ?? node.kindDescription
        findings.append(Finding(.wrongType, at: node.range, "\(path) must be \(type.words), not \(given); \(fix)"))
        return nil
    }
}
