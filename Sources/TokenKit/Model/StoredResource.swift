/// Reads back the canonical resource text the store keeps (our own compact
/// JSON, written by `CanonicalResource.compactText`), without the YAML
/// reader and validation: the text was made from a validated token, so
/// reading it is a plain mapping. Anything else (a damaged row) is nil.
extension CanonicalResource {
    public static func token(fromStoredText text: String) -> ProvisionToken? {
        var text = text
        let parsed = text.withUTF8 { bytes -> JSONValue? in
            var reader = JSONReader(bytes: bytes)
            return reader.document()
        }
        guard let value = parsed,
            case .object(let root) = value, let metadata = root.object("metadata"), let spec = root.object("spec"),
            case .string(let name)? = metadata.member("name"), !name.isEmpty,
            case .string(let methodName)? = spec.member("join_method"), let joinMethod = JoinMethod(rawValue: methodName),
            case .array(let roleNames)? = spec.member("roles")
        else { return nil }
        var roles: [SystemRole] = []
        for case .string(let role) in roleNames {
            guard let parsed = SystemRole(role) else { return nil }
            roles.append(parsed)
        }
        var labels: [String: String] = [:]
        for (key, value) in metadata.object("labels") ?? [] {
            guard case .string(let text) = value else { return nil }
            labels[key] = text
        }
        var expires: Timestamp?
        if case .string(let stamp)? = metadata.member("expires") {
            guard let parsed = Timestamp.parseRFC3339(stamp) else { return nil }
            expires = parsed
        }
        var ttl: GoDuration?
        if case .string(let duration)? = spec.member("aws_iid_ttl") {
            guard let parsed = try? GoDuration.parse(duration) else { return nil }
            ttl = parsed
        }
        var allow: [AllowRule] = []
        if case .array(let rules)? = spec.member("allow") {
            for case .object(let rule) in rules {
                var regions: [String] = []
                if case .array(let items)? = rule.member("aws_regions") {
                    for case .string(let region) in items { regions.append(region) }
                }
                var units: OrganizationalUnits?
                if let members = rule.object("aws_organizational_units") {
                    units = OrganizationalUnits(include: members.strings("include"), exclude: members.strings("exclude"))
                }
                allow.append(
                    AllowRule(
                        awsAccount: rule.string("aws_account"), awsRegions: regions, awsRole: rule.string("aws_role"),
                        awsARN: rule.string("aws_arn"), awsOrganizationID: rule.string("aws_organization_id"),
                        organizationalUnits: units))
            }
        }
        return ProvisionToken(
            name: name, description: metadata.string("description"), labels: labels, expires: expires, roles: roles,
            joinMethod: joinMethod, botName: spec.string("bot_name"), integration: spec.string("integration"), awsIIDTTL: ttl,
            allow: allow,
            methodConfiguration: joinMethod.configurationKey.flatMap { spec.member($0) },
            suggestedLabels: spec.member("suggested_labels"), suggestedAgentMatcherLabels: spec.member("suggested_agent_matcher_labels"))
    }
}

extension [(String, JSONValue)] {
    fileprivate func member(_ key: String) -> JSONValue? { first { $0.0 == key }?.1 }

    fileprivate func object(_ key: String) -> [(String, JSONValue)]? {
        if case .object(let members)? = member(key) { return members }
        return nil
    }

    fileprivate func string(_ key: String) -> String {
        if case .string(let text)? = member(key) { return text }
        return ""
    }

    fileprivate func strings(_ key: String) -> [String] {
        guard case .array(let items)? = member(key) else { return [] }
        return items.compactMap { if case .string(let text) = $0 { text } else { nil } }
    }
}

/// A strict JSON reader (RFC 8259) into `JSONValue`, keys in their order,
/// numbers kept as their text. Nesting is bounded; any error is nil.
struct JSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    static let maxDepth = 64

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func document() -> JSONValue? {
        guard let value = value(depth: 0) else { return nil }
        skipSpace()
        return index == bytes.count ? value : nil
    }

    private mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
    }

    private mutating func consume(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard bytes.count - index >= count else { return false }
        for offset in 0..<count where bytes[index + offset] != literal.utf8Start[offset] { return false }
        index += count
        return true
    }

    private mutating func value(depth: Int) -> JSONValue? {
        guard depth < Self.maxDepth else { return nil }
        skipSpace()
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            index += 1
            var members: [(String, JSONValue)] = []
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
            while true {
                skipSpace()
                guard let key = string() else { return nil }
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
                index += 1
                guard let member = value(depth: depth + 1) else { return nil }
                members.append((key, member))
                skipSpace()
                guard index < bytes.count else { return nil }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                guard bytes[index] == UInt8(ascii: "}") else { return nil }
                index += 1
                return .object(members)
            }
        case UInt8(ascii: "["):
            index += 1
            var items: [JSONValue] = []
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
            while true {
                guard let item = value(depth: depth + 1) else { return nil }
                items.append(item)
                skipSpace()
                guard index < bytes.count else { return nil }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                guard bytes[index] == UInt8(ascii: "]") else { return nil }
                index += 1
                return .array(items)
            }
        case UInt8(ascii: "\""):
            return string().map(JSONValue.string)
        case UInt8(ascii: "t"): return consume("true") ? .bool(true) : nil
        case UInt8(ascii: "f"): return consume("false") ? .bool(false) : nil
        case UInt8(ascii: "n"): return consume("null") ? .null : nil
        default:
            return number()
        }
    }

    private mutating func number() -> JSONValue? {
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        let digitsStart = index
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        guard index > digitsStart else { return nil }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let fraction = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            guard index > fraction else { return nil }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            let exponent = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            guard index > exponent else { return nil }
        }
        return .number(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
    }

    private mutating func string() -> String? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        index += 1
        let start = index
        // The common case, no escapes: one copy of the bytes.
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") {
            guard bytes[index] >= 0x20 else { return nil }
            index += 1
        }
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "\"") {
            index += 1
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index - 1]), as: UTF8.self)
        }
        var result = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: result, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { return nil }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): result.append(escape)
                case UInt8(ascii: "b"): result.append(0x08)
                case UInt8(ascii: "f"): result.append(0x0C)
                case UInt8(ascii: "n"): result.append(0x0A)
                case UInt8(ascii: "r"): result.append(0x0D)
                case UInt8(ascii: "t"): result.append(0x09)
                case UInt8(ascii: "u"):
                    guard var scalar = hex4() else { return nil }
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard consume("\\u"), let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { return nil }
                    result.append(contentsOf: String(Character(unicode)).utf8)
                default: return nil
                }
            default:
                guard byte >= 0x20 else { return nil }
                result.append(byte)
            }
        }
        return nil
    }

    private mutating func hex4() -> UInt32? {
        guard bytes.count - index >= 4 else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            index += 1
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
            value = value << 4 | digit
        }
        return value
    }
}
