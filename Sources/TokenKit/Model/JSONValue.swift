/// A JSON-shaped value with ordered object keys: how a join method's own
/// configuration object is kept verbatim.
public indirect enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    /// A number in JSON syntax.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let value): hasher.combine(value)
        case .number(let value), .string(let value): hasher.combine(value)
        case .array(let values): hasher.combine(values)
        case .object(let members):
            for (key, value) in members {
                hasher.combine(key)
                hasher.combine(value)
            }
        }
    }

    /// Converts a YAML node as Teleport's YAML→JSON step does (yaml.v2 scalars).
    public init(_ node: YAMLNode) {
        switch node.content {
        case .scalar(let scalar):
            switch ResolvedScalar(scalar) {
            case .null: self = .null
            case .bool(let value): self = .bool(value)
            case .int, .float: self = JSONValue.number(fromYAML: scalar.value)
            case .string, .mergeKey: self = .string(scalar.value)
            }
        case .sequence(let items):
            self = .array(items.map(JSONValue.init))
        case .mapping(let entries):
            self = .object(entries.map { ($0.name ?? "", JSONValue($0.value)) })
        }
    }

    /// A YAML 1.1 number (`0x1F`, `1_000`, `012`, `.5`) as a JSON number, or as a string when it has no JSON form.
    static func number(fromYAML text: String) -> JSONValue {
        let plain = String(text.unicodeScalars.filter { $0 != "_" })
        if let value = GoNumberSyntax.integerValue(Array(plain.utf8)) { return .number(value) }
        if GoNumberSyntax.isBinaryLiteral(Array(plain.utf8)) {
            let negative = plain.hasPrefix("-")
            let digits = plain.drop { $0 == "-" }.dropFirst(2)
            if let value = Int64(digits, radix: 2) { return .number(String(negative ? -value : value)) }
        }
        if let value = Double(plain), value.isFinite {
            return .number(value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value))
        }
        return .string(text)
    }
}

extension GoNumberSyntax {
    /// The decimal text of a Go integer literal (base prefixes, octal zeros, binary).
    static func integerValue(_ bytes: [UInt8]) -> String? {
        var digits = bytes[...]
        var negative = false
        if let sign = digits.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            negative = sign == UInt8(ascii: "-")
            digits = digits.dropFirst()
        }
        var base: UInt64 = 10
        if digits.count >= 2, digits.first == UInt8(ascii: "0") {
            switch digits[digits.startIndex + 1] | 0x20 {
            case UInt8(ascii: "x"): base = 16; digits = digits.dropFirst(2)
            case UInt8(ascii: "o"): base = 8; digits = digits.dropFirst(2)
            case UInt8(ascii: "b"): base = 2; digits = digits.dropFirst(2)
            default: base = 8; digits = digits.dropFirst(1)
            }
        }
        guard !digits.isEmpty else { return nil }
        var value: UInt64 = 0
        for byte in digits {
            guard let digit = digitValue(byte), UInt64(digit) < base else { return nil }
            let (multiplied, overflow1) = value.multipliedReportingOverflow(by: base)
            let (added, overflow2) = multiplied.addingReportingOverflow(UInt64(digit))
            if overflow1 || overflow2 { return nil }
            value = added
        }
        if negative && value > UInt64(Int64.max) + 1 { return nil }
        return (negative && value != 0 ? "-" : "") + String(value)
    }
}


extension JSONValue {
    /// The member at a path of object keys, if every step is an object holding the next key.
    func value(at path: [String]) -> JSONValue? {
        guard let first = path.first else { return self }
        guard case .object(let members) = self, let member = members.first(where: { $0.0 == first })?.1 else { return nil }
        return member.value(at: Array(path.dropFirst()))
    }

    /// A copy with the member at a path of object keys replaced (unchanged when the path is absent).
    func replacing(path: [String], with replacement: JSONValue) -> JSONValue {
        guard let first = path.first else { return replacement }
        guard case .object(let members) = self else { return self }
        return .object(members.map { $0.0 == first ? ($0.0, $0.1.replacing(path: Array(path.dropFirst()), with: replacement)) : $0 })
    }
}
