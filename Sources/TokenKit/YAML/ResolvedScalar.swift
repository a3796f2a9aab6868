/// What a scalar means under YAML 1.1 as Go's yaml.v2 resolves it, which is
/// what Teleport sees after its YAML→JSON step: plain `111111111111` is a
/// number, plain `yes` a boolean, `~` null. Quoted scalars are strings.
public enum ResolvedScalar: Equatable, Sendable {
    case null
    case bool(Bool)
    case int
    case float
    case string
    case mergeKey

    static let strTag = "tag:yaml.org,2002:str"
    static let intTag = "tag:yaml.org,2002:int"
    static let floatTag = "tag:yaml.org,2002:float"
    static let boolTag = "tag:yaml.org,2002:bool"
    static let nullTag = "tag:yaml.org,2002:null"

    public init(_ scalar: YAMLScalar) {
        switch scalar.tag {
        case nil:
            self = scalar.style == .plain ? ResolvedScalar.resolvePlain(scalar.value) : .string
        case ResolvedScalar.strTag?, "!"?:
            self = .string
        case ResolvedScalar.intTag?:
            self = .int
        case ResolvedScalar.floatTag?:
            self = .float
        case ResolvedScalar.boolTag?:
            self = .bool(ResolvedScalar.resolvePlain(scalar.value) == .bool(true))
        case ResolvedScalar.nullTag?:
            self = .null
        default:
            self = scalar.style == .plain ? ResolvedScalar.resolvePlain(scalar.value) : .string
        }
    }

    public var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .int, .float: "a number"
        case .string: "a string"
        case .mergeKey: "a merge key"
        }
    }

    public var isString: Bool { self == .string }

    /// yaml.v2's resolve(): table look-up, then numbers for scalars that
    /// start with a digit, sign or dot; everything else is a string.
    public static func resolvePlain(_ text: String) -> ResolvedScalar {
        guard let first = text.utf8.first else { return .null }
        // Most plain scalars start with a letter no table entry starts with.
        switch first {
        case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "y"), UInt8(ascii: "Y"),
            UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "o"),
            UInt8(ascii: "O"), UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "<"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            break
        default:
            return .string
        }
        // No table word is longer than five bytes ("false", "+.inf").
        let isWordLength = text.utf8.count <= 5
        guard isWordLength || first == UInt8(ascii: ".") || first == UInt8(ascii: "+")
            || first == UInt8(ascii: "-") || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9"))
        else { return .string }
        if isWordLength, let word = tableWords[text] { return word }
        switch first {
        case UInt8(ascii: "."):
            return GoNumberSyntax.isFiniteFloat(Array(text.utf8)) ? .float : .string
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let plain = text.utf8.filter { $0 != UInt8(ascii: "_") }
            if GoNumberSyntax.isInteger(plain) { return .int }
            if GoNumberSyntax.isYAMLStyleFloat(plain) && GoNumberSyntax.isFiniteFloat(plain) { return .float }
            if GoNumberSyntax.isBinaryLiteral(plain) { return .int }
            return .string
        default:
            return .string
        }
    }

    /// yaml.v2's resolve table (words only; numbers are parsed): one hash
    /// look-up instead of comparing a key such as `name` with every word.
    private static let tableWords: [String: ResolvedScalar] = {
        var words: [String: ResolvedScalar] = ["": .null, "<<": .mergeKey]
        for word in ["~", "null", "Null", "NULL"] { words[word] = .null }
        for word in ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"] { words[word] = .bool(true) }
        for word in ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"] { words[word] = .bool(false) }
        for word in [".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF"] {
            words[word] = .float
        }
        return words
    }()
}

/// The pieces of Go's strconv that yaml.v2 relies on, as predicates.
enum GoNumberSyntax {
    /// strconv.ParseInt(s, 0, 64) or ParseUint(s, 0, 64) succeeds.
    static func isInteger(_ bytes: [UInt8]) -> Bool { integerValue(bytes) != nil }

    static func isBinaryLiteral(_ bytes: [UInt8]) -> Bool {
        var rest = bytes[...]
        if rest.first == UInt8(ascii: "-") { rest = rest.dropFirst() }
        guard rest.starts(with: [UInt8(ascii: "0"), UInt8(ascii: "b")]) else { return false }
        rest = rest.dropFirst(2)
        return !rest.isEmpty && rest.count <= 64 && rest.allSatisfy { $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: "1") }
    }

    /// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
    static func isYAMLStyleFloat(_ bytes: [UInt8]) -> Bool {
        var index = 0
        func digitRun() -> Int {
            let begin = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            return index - begin
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digitRun() > 0 else { return false }
        } else {
            guard digitRun() > 0 else { return false }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                _ = digitRun()
            }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digitRun() > 0 else { return false }
        }
        return index == bytes.count
    }

    /// strconv.ParseFloat(s, 64) succeeds with a finite value (decimal forms only).
    static func isFiniteFloat(_ bytes: [UInt8]) -> Bool {
        guard isYAMLStyleFloat(bytes), let value = Double(String(decoding: bytes, as: UTF8.self)) else { return false }
        return value.isFinite
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    static func digitValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A")) + 10
        default: nil
        }
    }
}
