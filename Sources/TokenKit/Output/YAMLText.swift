extension JSONValue {
    /// Block-style YAML that reads back (under YAML 1.1 as Teleport reads
    /// it) as exactly this value: a string is double-quoted whenever a plain
    /// scalar would mean something else.
    public func renderedYAML() -> String {
        var output = ""
        switch self {
        case .object(let members) where !members.isEmpty:
            YAMLText.writeMembers(members, indent: 0, to: &output)
        case .array(let items) where !items.isEmpty:
            YAMLText.writeItems(items, indent: 0, to: &output)
        default:
            output = YAMLText.inline(self, inFlow: false) + "\n"
        }
        return output
    }
}

enum YAMLText {
    static func writeMembers(_ members: [(String, JSONValue)], indent: Int, to output: inout String) {
        let pad = String(repeating: " ", count: indent)
        for (key, value) in members {
            output += pad + scalar(key, inFlow: false) + ":"
            switch value {
            case .object(let nested) where !nested.isEmpty:
                output += "\n"
                writeMembers(nested, indent: indent + 2, to: &output)
            case .array(let items) where !items.isEmpty && !items.allSatisfy(isScalar):
                output += "\n"
                writeItems(items, indent: indent, to: &output)
            default:
                output += " " + inline(value, inFlow: false) + "\n"
            }
        }
    }

    /// Block sequence items at the parent key's indentation (`- a: 1`).
    static func writeItems(_ items: [JSONValue], indent: Int, to output: inout String) {
        let pad = String(repeating: " ", count: indent)
        for item in items {
            switch item {
            case .object(let members) where !members.isEmpty:
                var nested = ""
                writeMembers(members, indent: indent + 2, to: &nested)
                // The first line's indentation becomes the dash.
                output += pad + "- " + nested.dropFirst(indent + 2)
            case .array(let inner) where !inner.isEmpty && !inner.allSatisfy(isScalar):
                output += pad + "-\n"
                writeItems(inner, indent: indent + 2, to: &output)
            default:
                output += pad + "- " + inline(item, inFlow: false) + "\n"
            }
        }
    }

    static func isScalar(_ value: JSONValue) -> Bool {
        switch value {
        case .object(let members): members.isEmpty
        case .array(let items): items.isEmpty
        default: true
        }
    }

    /// Scalars, empty collections and flow sequences of scalars.
    static func inline(_ value: JSONValue, inFlow: Bool) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .number(let text): text
        case .string(let text): scalar(text, inFlow: inFlow)
        case .array(let items): "[" + items.map { inline($0, inFlow: true) }.joined(separator: ", ") + "]"
        case .object(let members):
            "{" + members.map { scalar($0.0, inFlow: true) + ": " + inline($0.1, inFlow: true) }.joined(separator: ", ") + "}"
        }
    }

    static func scalar(_ text: String, inFlow: Bool) -> String {
        needsQuotes(text, inFlow: inFlow) ? JSONValue.quote(text) : text
    }

    /// Whether a plain scalar would not read back as this exact string.
    static func needsQuotes(_ text: String, inFlow: Bool) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return true }
        if ResolvedScalar.resolvePlain(text) != .string { return true }
        if "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) {
            // `-x`, `?x` and `:x` stay plain when followed by a non-space, but keep it simple.
            return true
        }
        if first == " " || last == " " || last == ":" { return true }
        if text.contains(": ") || text.contains(" #") { return true }
        if inFlow && text.unicodeScalars.contains(where: { ",[]{}".unicodeScalars.contains($0) }) { return true }
        return text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0.value == 0x85 || $0 == "\u{FEFF}" || $0 == "\u{2028}" || $0 == "\u{2029}" }
    }
}
