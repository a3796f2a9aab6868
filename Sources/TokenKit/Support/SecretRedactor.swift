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

/// Masks every occurrence of any of a set of secret names in a text. Built
/// once per command from every secret it knows of, so that no secret shows
/// anywhere (another token's field, an echoed source line), and cheap to
/// apply however many secrets there are: one table probe per byte, and only
/// at bytes some secret starts with.
public struct SecretRedactor: Sendable, Hashable {
    private var names: [[UInt8]] = []
    private var masks: [[UInt8]] = []
    /// Secrets (indices) by their first four bytes; shorter ones are in `short`.
    private var byPrefix: [UInt32: [Int]] = [:]
    private var short: [Int] = []
    /// Which bytes some secret starts with (a 256-bit set).
    private var firstBytes: [UInt64] = [0, 0, 0, 0]

    public static let none = SecretRedactor([])

    public init(_ secrets: [SecretName]) {
        for secret in Set(secrets) where !secret.name.isEmpty {
            let name = Array(secret.name.utf8)
            let index = names.count
            names.append(name)
            masks.append(Array(secret.masked.utf8))
            firstBytes[Int(name[0] >> 6)] |= 1 << UInt64(name[0] & 63)
            if name.count >= 4 {
                byPrefix[SecretRedactor.prefix(name[...]), default: []].append(index)
            } else {
                short.append(index)
            }
        }
    }

    public var isEmpty: Bool { names.isEmpty }

    public func redact(_ text: String) -> String {
        guard !names.isEmpty else { return text }
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        var copied = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard firstBytes[Int(byte >> 6)] & (1 << UInt64(byte & 63)) != 0, let found = longestSecret(in: bytes, at: index) else {
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

    /// The longest secret that starts at `index`, if any.
    private func longestSecret(in bytes: [UInt8], at index: Int) -> Int? {
        var best: Int?
        func consider(_ candidate: Int) {
            let name = names[candidate]
            guard bytes.count - index >= name.count, bytes[index..<index + name.count].elementsEqual(name) else { return }
            if best.map({ names[$0].count < name.count }) ?? true { best = candidate }
        }
        if bytes.count - index >= 4, let candidates = byPrefix[SecretRedactor.prefix(bytes[index...])] {
            candidates.forEach(consider)
        }
        short.forEach(consider)
        return best
    }

    private static func prefix(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        let start = bytes.startIndex
        return UInt32(bytes[start]) | UInt32(bytes[start + 1]) << 8 | UInt32(bytes[start + 2]) << 16 | UInt32(bytes[start + 3]) << 24
    }

    public static func == (lhs: SecretRedactor, rhs: SecretRedactor) -> Bool { lhs.names == rhs.names }
    public func hash(into hasher: inout Hasher) { hasher.combine(names) }
}

extension SecretRedactor {
    /// Masks secrets in every string and key of a value (not in its rendering,
    /// so that a masked string is still quoted as YAML needs).
    func redact(_ value: JSONValue) -> JSONValue {
        guard !isEmpty else { return value }
        switch value {
        case .string(let text): return .string(redact(text))
        case .array(let items): return .array(items.map(redact))
        case .object(let members): return .object(members.map { (redact($0.0), redact($0.1)) })
        case .null, .bool, .number: return value
        }
    }
}
