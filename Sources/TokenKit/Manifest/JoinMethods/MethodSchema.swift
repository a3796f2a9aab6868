/// The shape of a join method's configuration object (`spec.github`, …) as
/// Teleport's Go structs declare it: each field's name and type, in the order
/// the canonical resource prints them, with the defaults Teleport applies.
/// Facts: `../shared/teleport-join-methods.md`.
struct MethodSchema: Sendable {
    var fields: [MethodField]

    init(_ fields: [MethodField]) {
        self.fields = fields
    }

    /// A struct of Go strings only (most allow rules).
    init(strings names: [String]) {
        self.init(names.map { MethodField($0, .string) })
    }

    var names: [String] { fields.map(\.name) }

    func field(_ name: String) -> MethodField? { fields.first { $0.name == name } }
}

struct MethodField: Sendable {
    var name: String
    var type: MethodFieldType
    /// Written in the canonical form when the field is absent or empty
    /// (Teleport's CheckAndSetDefaults); an object default is the empty object
    /// Teleport creates, itself defaulted.
    var defaultValue: JSONValue?

    init(_ name: String, _ type: MethodFieldType, default defaultValue: JSONValue? = nil) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
    }
}

indirect enum MethodFieldType: Sendable {
    /// A Go string: a YAML number or boolean is a decode error in Teleport.
    case string
    /// A Go bool: only a YAML boolean (a quoted "true" is a decode error).
    case bool
    /// Teleport's BoolOption: a boolean, or a string read by ParseBool.
    case boolOption
    /// A Go uint32.
    case uint32
    /// A Go time.Time in JSON: an RFC 3339 string.
    case timestamp
    /// A list of Go strings.
    case strings
    /// A nested struct.
    case object(MethodSchema)
    /// A list of structs.
    case objects(MethodSchema)
    /// A value whose decoding tokenctl has not verified: kept exactly as written.
    case verbatim

    var words: String {
        switch self {
        case .string: "a string"
        case .bool: "a boolean (true or false)"
        case .boolOption: "a boolean or a yes/no string"
        case .uint32: "a whole number from 0 to 4294967295"
        case .timestamp: "an RFC 3339 timestamp string"
        case .strings: "a list of strings"
        case .object, .verbatim: "a mapping"
        case .objects: "a list of mappings"
        }
    }
}

/// A configuration object read against its schema, with positions: what the
/// method's rules look at, and what its canonical form is written from.
struct MethodObject: Sendable {
    /// `spec.github`, `spec.github.allow[0]`: how messages name it.
    var path: String
    /// The mapping's span; for an object Teleport created because it was absent, where it would be needed.
    var range: SourceRange
    /// The key that holds it (a list item: the item's start).
    var keyRange: SourceRange
    var values: [String: MethodValue] = [:]
    /// Fields whose value had the wrong type (already reported, so not "missing" too).
    var unusable: Set<String> = []
    /// Present in the manifest (false: Teleport made it empty).
    var isPresent = true
    /// BoolOption fields whose string ParseBool does not know (Teleport reads them as false).
    var unrecognisedBooleans: [String: Located<String>] = [:]

    static func absent(path: String, at range: SourceRange) -> MethodObject {
        MethodObject(path: path, range: range, keyRange: range, isPresent: false)
    }

    func has(_ name: String) -> Bool { values[name] != nil }

    /// A string field's value ("" when absent, as in Go).
    func string(_ name: String) -> String {
        if case .string(let text)? = values[name]?.content { return text }
        return ""
    }

    func located(_ name: String) -> Located<String>? {
        guard let value = values[name], case .string(let text) = value.content else { return nil }
        return Located(text, range: value.range, keyRange: value.keyRange)
    }

    func bool(_ name: String) -> Bool {
        if case .bool(let flag)? = values[name]?.content { return flag }
        return false
    }

    func strings(_ name: String) -> [Located<String>] {
        if case .strings(let items)? = values[name]?.content { return items }
        return []
    }

    func object(_ name: String) -> MethodObject? {
        if case .object(let object)? = values[name]?.content { return object }
        return nil
    }

    func objects(_ name: String) -> [MethodObject] {
        if case .objects(let items)? = values[name]?.content { return items }
        return []
    }

    /// Where a finding about a field goes: its key when present, else the object's key.
    func keyRange(_ name: String) -> SourceRange { values[name]?.keyRange ?? keyRange }

    /// Where a finding about a field's value goes: the value when present, else the object's key.
    func valueRange(_ name: String) -> SourceRange { values[name]?.range ?? keyRange }

    /// Whether a field is absent or empty as Go sees it ("", no items, false, 0).
    func isEmpty(_ name: String) -> Bool {
        guard let value = values[name] else { return true }
        switch value.content {
        case .string(let text): return text.isEmpty
        case .bool(let flag): return !flag
        case .number(let number): return number == 0
        case .timestamp: return false
        case .strings(let items): return items.isEmpty
        case .objects(let items): return items.isEmpty
        case .object: return false
        case .verbatim(let json):
            if case .object(let members) = json { return members.isEmpty }
            return json == .null
        }
    }
}

struct MethodValue: Sendable {
    enum Content: Sendable {
        case string(String)
        case bool(Bool)
        case number(UInt32)
        case timestamp(Timestamp)
        case strings([Located<String>])
        case object(MethodObject)
        case objects([MethodObject])
        case verbatim(JSONValue)
    }

    var content: Content
    var range: SourceRange
    var keyRange: SourceRange
}

// MARK: - Canonical form

extension MethodObject {
    /// The object as the store keeps it and `get` prints it: the schema's
    /// fields in order, empty ones left out (Go's omitempty), Teleport's
    /// defaults applied.
    func canonical(_ schema: MethodSchema) -> JSONValue {
        var members: [(String, JSONValue)] = []
        for field in schema.fields {
            if let value = canonical(field) { members.append((field.name, value)) }
        }
        return .object(members)
    }

    private func canonical(_ field: MethodField) -> JSONValue? {
        let value = values[field.name]?.content
        switch (field.type, value) {
        case (.string, .string(let text)?) where !text.isEmpty: return .string(text)
        case (.bool, .bool(true)?): return .bool(true)
        // A BoolOption is a pointer: false, once written, is a condition ("must be unprotected").
        case (.boolOption, .bool(let flag)?): return .bool(flag)
        case (.uint32, .number(let number)?) where number != 0: return .number(String(number))
        case (.timestamp, .timestamp(let stamp)?): return .string(stamp.description)
        case (.strings, .strings(let items)?) where !items.isEmpty: return .array(items.map { .string($0.value) })
        case (.objects(let schema), .objects(let items)?) where !items.isEmpty: return .array(items.map { $0.canonical(schema) })
        case (.object(let schema), .object(let object)?): return object.canonical(schema)
        case (.object(let schema), nil) where field.defaultValue != nil:
            return MethodObject.absent(path: path + "." + field.name, at: keyRange).canonical(schema)
        case (.verbatim, .verbatim(let json)?): return json
        default: return field.defaultValue
        }
    }
}
