/// A secret token name and how it is shown instead.
public struct SecretName: Sendable, Hashable {
    public var name: String
    public var masked: String

    public init(name: String, masked: String) {
        self.name = name
        self.masked = masked
    }

    /// A `token`-method name, masked as Teleport masks it.
    public init(secret name: String) {
        self.init(name: name, masked: SecretMask.mask(name))
    }
}

/// Masks secret names in output (SPEC §2.2, "Secret names"). Built once per
/// command from every secret it knows of, so that no secret shows anywhere
/// (another token's name or field, an echoed source line, a message).
///
/// A secret of 8 characters or more is masked wherever it occurs, also
/// inside a longer string. A shorter one (already a `weak-secret`) is masked
/// only where it stands as a whole value — the whole string, or quoted in a
/// message — so that a secret such as `name` does not corrupt unrelated words
/// and keys. Cheap however many secrets there are: one table probe per byte,
/// and only at bytes some secret starts with.
public struct SecretRedactor: Sendable, Hashable {
    /// Secrets that are masked inside longer strings, and their masks.
    private var names: [[UInt8]] = []
    private var masks: [[UInt8]] = []
    /// Secrets (indices) by their first four bytes.
    private var byPrefix: [UInt32: [Int]] = [:]
    /// Which bytes some secret starts with (a 256-bit set).
    private var firstBytes: [UInt64] = [0, 0, 0, 0]
    /// Secrets masked only as whole values, by their bytes.
    private var wholeValues: [[UInt8]: [UInt8]] = [:]

    /// Secrets shorter than this many characters are masked only as whole values.
    public static let substringMinimumLength = 8

    public static let none = SecretRedactor([])

    public init(_ secrets: [SecretName]) {
        var seen = Set<[UInt8]>()
        for secret in secrets where !secret.name.isEmpty {
            // Byte-wise: two spellings of one name (NFC, NFD) are two secrets.
            let name = Array(secret.name.utf8)
            guard seen.insert(name).inserted else { continue }
            if secret.name.count < Self.substringMinimumLength {
                wholeValues[name] = Array(secret.masked.utf8)
                continue
            }
            byPrefix[SecretRedactor.prefix(name[...]), default: []].append(names.count)
            names.append(name)
            masks.append(Array(secret.masked.utf8))
            firstBytes[Int(name[0] >> 6)] |= 1 << UInt64(name[0] & 63)
        }
    }

    public var isEmpty: Bool { names.isEmpty && wholeValues.isEmpty }

    /// Whether a decoded value holds a secret: contains a long one, or is a short one.
    public func containsSecret(_ value: String) -> Bool {
        guard !isEmpty else { return false }
        let bytes = Array(value.utf8)
        if wholeValues[bytes] != nil { return true }
        return (0..<bytes.count).contains { index in isFirstByte(bytes[index]) && longestSecret(in: bytes, at: index) != nil }
    }

    /// A value (a name, a label, a field): long secrets anywhere in it, a
    /// short one when it is the whole value.
    public func redactValue(_ value: String) -> String {
        guard !isEmpty else { return value }
        if let mask = wholeValues[Array(value.utf8)] { return String(decoding: mask, as: UTF8.self) }
        return redactLong(value)
    }

    /// Prose (a message, a line of a report): long secrets anywhere, a short
    /// one where the text quotes it as a value (`"abc"`, `'abc'`) or is it.
    public func redact(_ text: String) -> String {
        guard !isEmpty else { return text }
        let redacted = redactLong(text)
        guard !wholeValues.isEmpty else { return redacted }
        if let mask = wholeValues[Array(redacted.utf8)] { return String(decoding: mask, as: UTF8.self) }
        return redactQuotedShort(redacted)
    }

    private func isFirstByte(_ byte: UInt8) -> Bool {
        firstBytes[Int(byte >> 6)] & (1 << UInt64(byte & 63)) != 0
    }

    private func redactLong(_ text: String) -> String {
        guard !names.isEmpty else { return text }
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        var copied = 0
        var index = 0
        while index < bytes.count {
            guard isFirstByte(bytes[index]), let found = longestSecret(in: bytes, at: index) else {
                index += 1
                continue
            }
            if output.isEmpty { output.reserveCapacity(bytes.count) }
            output += bytes[copied..<index]
            output += masks[found]
            index += names[found].count
            copied = index
        }
        guard copied > 0 else { return text }
        output += bytes[copied...]
        return String(decoding: output, as: UTF8.self)
    }

    /// Short secrets between a pair of the same quote character.
    private func redactQuotedShort(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        var copied = 0
        var index = 0
        while index < bytes.count {
            let quote = bytes[index]
            guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'"),
                let close = bytes[(index + 1)...].firstIndex(of: quote)
            else {
                index += 1
                continue
            }
            if let mask = wholeValues[Array(bytes[(index + 1)..<close])] {
                output += bytes[copied...index]
                output += mask
                copied = close
            }
            index = close
        }
        guard copied > 0 else { return text }
        output += bytes[copied...]
        return String(decoding: output, as: UTF8.self)
    }

    /// The longest secret that starts at `index`, if any.
    private func longestSecret(in bytes: [UInt8], at index: Int) -> Int? {
        guard bytes.count - index >= 4, let candidates = byPrefix[SecretRedactor.prefix(bytes[index...])] else { return nil }
        var best: Int?
        for candidate in candidates {
            let name = names[candidate]
            guard bytes.count - index >= name.count, bytes[index..<index + name.count].elementsEqual(name) else { continue }
            if best.map({ names[$0].count < name.count }) ?? true { best = candidate }
        }
        return best
    }

    private static func prefix(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        let start = bytes.startIndex
        return UInt32(bytes[start]) | UInt32(bytes[start + 1]) << 8 | UInt32(bytes[start + 2]) << 16 | UInt32(bytes[start + 3]) << 24
    }

    public static func == (lhs: SecretRedactor, rhs: SecretRedactor) -> Bool {
        lhs.names == rhs.names && lhs.wholeValues == rhs.wholeValues
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(names) }
}

extension SecretRedactor {
    /// Masks secrets in every string of a value (not in its rendering, so
    /// that a masked string is still quoted as YAML needs). Keys are field
    /// names or label keys: only long secrets are masked there.
    public func redact(_ value: JSONValue) -> JSONValue {
        guard !isEmpty else { return value }
        switch value {
        case .string(let text): return .string(redactValue(text))
        case .array(let items): return .array(items.map(redact))
        case .object(let members): return .object(members.map { (redactLong($0.0), redact($0.1)) })
        case .null, .bool, .number: return value
        }
    }

    /// An echoed source line. A value that holds a secret is masked where
    /// the source spells it: written literally (plain or simply quoted), its
    /// secret is masked as everywhere else; spelled otherwise (escapes, `''`,
    /// folded over lines) the whole span is starred out column for column,
    /// so the caret under the line still lines up.
    public func redact(line: String, number: Int, secretSpans: [SecretSpan]) -> String {
        guard !isEmpty else { return line }
        var scalars = Array(line.unicodeScalars)
        for span in secretSpans where span.range.start.line <= number && number <= span.range.end.line {
            let from = max(0, span.range.start.line == number ? span.range.start.column - 1 : 0)
            let to = min(scalars.count, span.range.end.line == number ? span.range.end.column - 1 : scalars.count)
            guard from < to else { continue }
            var first = from
            var last = to
            if span.range.start.line == span.range.end.line {
                var segment = String.UnicodeScalarView(scalars[from..<to])
                if let quote = segment.first, quote == "\"" || quote == "'", segment.count >= 2, segment.last == quote {
                    segment = String.UnicodeScalarView(segment.dropFirst().dropLast())
                    first += 1
                    last -= 1
                }
                // Written as it reads: long secrets inside are masked below as in any text.
                if String(segment) == span.value && wholeValues[Array(span.value.utf8)] == nil { continue }
            }
            for column in first..<last where scalars[column] != " " {
                scalars[column] = "*"
            }
        }
        var result = ""
        result.unicodeScalars.append(contentsOf: scalars)
        return redactLong(result)
    }
}

/// Where a source file spells a value that holds a secret.
public struct SecretSpan: Sendable, Hashable {
    public var range: SourceRange
    /// The decoded value.
    public var value: String

    public init(range: SourceRange, value: String) {
        self.range = range
        self.value = value
    }
}
