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
    /// Secrets that are masked inside longer strings, stored flat (one
    /// buffer, offsets): a store may hold tens of thousands, and an array
    /// per secret made building the redactor cost more than using it.
    private var nameBytes: [UInt8] = []
    private var nameStarts: [Int32] = [0]
    /// Open-addressing table from a secret's first four bytes to the first
    /// secret (index + 1; 0 = empty) with them; `nextWithPrefix` chains the others.
    private var prefixSlots: [UInt32] = []
    private var prefixHeads: [Int32] = []
    private var nextWithPrefix: [Int32] = []
    /// Which bytes some secret starts with (a 256-bit set).
    private var firstBytes: [UInt64] = [0, 0, 0, 0]
    /// The shortest long secret, in bytes: a shorter text cannot hold one.
    private var shortestName = Int.max
    /// Secrets masked only as whole values, by their bytes.
    private var wholeValues: Set<[UInt8]> = []
    /// Whether a long secret holds a space (folding could split it across lines).
    private var longSecretHasSpace = false

    /// Secrets shorter than this many characters are masked only as whole values.
    public static let substringMinimumLength = 8

    public static let none = SecretRedactor()

    /// A redactor for `token`-method names, masked as Teleport masks them.
    /// Building it is cheap (a store may hold tens of thousands): masks are
    /// made only for the secrets that are found.
    public init<Names: Sequence<String>>(secrets: Names) {
        var builder = Builder()
        for secret in secrets {
            var secret = secret
            secret.withUTF8 { builder.add($0) }
        }
        self = builder.redactor()
    }

    /// Collects secrets from their bytes (as a database hands them over).
    public struct Builder {
        private var collected = SecretRedactor()
        private var prefixes: [UInt32] = []

        public init() {}

        /// Starts from the secrets `redactor` already holds.
        init(_ redactor: SecretRedactor) {
            collected = redactor
            prefixes = (0..<redactor.longCount).map { SecretRedactor.prefix(redactor.nameBytes, at: Int(redactor.nameStarts[$0])) }
        }

        public mutating func add(_ secret: UnsafeBufferPointer<UInt8>) {
            guard !secret.isEmpty else { return }
            // Byte-wise: two spellings of one name (NFC, NFD) are two secrets.
            let isShort = secret.count < SecretRedactor.substringMinimumLength
                || (secret.contains { $0 >= 0x80 } && String(decoding: secret, as: UTF8.self).count < SecretRedactor.substringMinimumLength)
            if isShort {
                collected.wholeValues.insert(Array(secret))
                return
            }
            let start = collected.nameBytes.count
            collected.nameBytes.append(contentsOf: secret)
            collected.nameStarts.append(Int32(collected.nameBytes.count))
            prefixes.append(SecretRedactor.prefix(collected.nameBytes, at: start))
            collected.shortestName = min(collected.shortestName, secret.count)
            if secret.contains(UInt8(ascii: " ")) { collected.longSecretHasSpace = true }
            collected.firstBytes[Int(secret[0] >> 6)] |= 1 << UInt64(secret[0] & 63)
        }

        public func redactor() -> SecretRedactor {
            var result = collected
            result.index(prefixes)
            return result
        }
    }

    private init() {}

    /// This redactor with more secrets (a node's token beside the store's).
    public func adding<Names: Sequence<String>>(_ secrets: Names) -> SecretRedactor {
        var builder = Builder(self)
        for secret in secrets {
            var secret = secret
            secret.withUTF8 { builder.add($0) }
        }
        return builder.redactor()
    }

    /// Builds the prefix table over the long secrets.
    private mutating func index(_ prefixes: [UInt32]) {
        guard !prefixes.isEmpty else { return }
        var size = 16
        while size < prefixes.count * 2 { size <<= 1 }
        prefixSlots = Array(repeating: 0, count: size)
        prefixHeads = Array(repeating: 0, count: size)
        nextWithPrefix = Array(repeating: 0, count: prefixes.count)
        // In reverse, so each chain lists secrets in the order given.
        for index in prefixes.indices.reversed() {
            var slot = SecretRedactor.slot(prefixes[index], size: size)
            while prefixHeads[slot] != 0 && prefixSlots[slot] != prefixes[index] { slot = (slot + 1) & (size - 1) }
            nextWithPrefix[index] = prefixHeads[slot]
            prefixSlots[slot] = prefixes[index]
            prefixHeads[slot] = Int32(index + 1)
        }
    }

    private var longCount: Int { nameStarts.count - 1 }

    private func name(_ index: Int) -> ArraySlice<UInt8> {
        nameBytes[Int(nameStarts[index])..<Int(nameStarts[index + 1])]
    }

    private static func slot(_ prefix: UInt32, size: Int) -> Int {
        Int((prefix &* 0x9E37_79B1) >> 7) & (size - 1)
    }

    private static func mask(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        Array(SecretMask.mask(String(decoding: bytes, as: UTF8.self)).utf8)
    }


    public var isEmpty: Bool { longCount == 0 && wholeValues.isEmpty }

    /// Whether source text could spell a secret other than literally, so
    /// that echoed lines need the decoded values' positions: a short secret
    /// (masked only as a whole value), an escape (`\`), a doubled quote
    /// (`''`), or a long secret with a space (which folding could split).
    /// Otherwise masking every literal occurrence of the long secrets is exact.
    public func mayHideIn(_ source: [UInt8]) -> Bool {
        guard !isEmpty else { return false }
        if !wholeValues.isEmpty || longSecretHasSpace { return true }
        return source.withUnsafeBufferPointer { bytes in
            var previous: UInt8 = 0
            for byte in bytes {
                if byte == UInt8(ascii: "\\") || (byte == UInt8(ascii: "'") && previous == byte) { return true }
                previous = byte
            }
            return false
        }
    }

    /// Whether a decoded value holds a secret: contains a long one, or is a short one.
    /// (Exactly when `redactValue` would change it.)
    public func containsSecret(_ value: String) -> Bool {
        var value = value
        return value.withUTF8 { containsSecret($0) }
    }

    /// As `containsSecret`, over a value's UTF-8 read in place (as a database hands it over).
    public func containsSecret(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !isEmpty else { return false }
        if !wholeValues.isEmpty, wholeValues.contains(Array(value)) { return true }
        return longCount > 0 && value.count >= shortestName && holdsLongSecret(value)
    }

    /// A value (a name, a label, a field): long secrets anywhere in it, a
    /// short one when it is the whole value.
    public func redactValue(_ value: String) -> String {
        guard !isEmpty else { return value }
        if !wholeValues.isEmpty, wholeValues.contains(Array(value.utf8)) { return SecretMask.mask(value) }
        return redactLong(value)
    }

    /// Prose (a message, a line of a report): long secrets anywhere, a short
    /// one where the text quotes it as a value (`"abc"`, `'abc'`) or is it.
    public func redact(_ text: String) -> String {
        guard !isEmpty else { return text }
        let redacted = redactLong(text)
        guard !wholeValues.isEmpty else { return redacted }
        if wholeValues.contains(Array(redacted.utf8)) { return SecretMask.mask(redacted) }
        return redactQuotedShort(redacted)
    }

    private func isFirstByte(_ byte: UInt8) -> Bool {
        firstBytes[Int(byte >> 6)] & (1 << UInt64(byte & 63)) != 0
    }

    private func redactLong(_ text: String) -> String {
        guard longCount > 0, text.utf8.count >= shortestName, holdsLongSecret(text) else { return text }
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
            output += SecretRedactor.mask(name(found))
            index += name(found).count
            copied = index
        }
        guard copied > 0 else { return text }
        output += bytes[copied...]
        return String(decoding: output, as: UTF8.self)
    }

    /// Whether a long secret starts anywhere in `text`, read in place: most
    /// texts hold none, and then nothing is copied.
    private func holdsLongSecret(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { holdsLongSecret($0) }
    }

    private func holdsLongSecret(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        (0..<utf8.count).contains { index in isFirstByte(utf8[index]) && longestSecret(in: utf8, at: index) != nil }
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
            let quotedValue = Array(bytes[(index + 1)..<close])
            if wholeValues.contains(quotedValue) {
                output += bytes[copied...index]
                output += SecretRedactor.mask(quotedValue[...])
                copied = close
            }
            index = close
        }
        guard copied > 0 else { return text }
        output += bytes[copied...]
        return String(decoding: output, as: UTF8.self)
    }

    /// The longest secret that starts at `index`, if any.
    private func longestSecret<Bytes: RandomAccessCollection<UInt8>>(in bytes: Bytes, at index: Int) -> Int? where Bytes.Index == Int {
        guard bytes.count - index >= 4, !prefixSlots.isEmpty else { return nil }
        let prefix = SecretRedactor.prefix(bytes, at: index)
        var slot = SecretRedactor.slot(prefix, size: prefixSlots.count)
        while prefixHeads[slot] != 0 && prefixSlots[slot] != prefix { slot = (slot + 1) & (prefixSlots.count - 1) }
        var candidate = Int(prefixHeads[slot])
        var best: Int?
        while candidate != 0 {
            let found = name(candidate - 1)
            if bytes.count - index >= found.count, bytes[index..<index + found.count].elementsEqual(found),
                best.map({ name($0).count < found.count }) ?? true
            {
                best = candidate - 1
            }
            candidate = Int(nextWithPrefix[candidate - 1])
        }
        return best
    }

    private static func prefix<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, at start: Int) -> UInt32 where Bytes.Index == Int {
        UInt32(bytes[start]) | UInt32(bytes[start + 1]) << 8 | UInt32(bytes[start + 2]) << 16 | UInt32(bytes[start + 3]) << 24
    }

    public static func == (lhs: SecretRedactor, rhs: SecretRedactor) -> Bool {
        lhs.nameBytes == rhs.nameBytes && lhs.nameStarts == rhs.nameStarts && lhs.wholeValues == rhs.wholeValues
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(nameBytes) }
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
                if String(segment) == span.value && !wholeValues.contains(Array(span.value.utf8)) { continue }
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
