extension JSONValue {
    /// Pretty JSON with 2-space indentation and keys in their given order.
    public func rendered() -> String {
        var output = ""
        write(to: &output, indent: 0)
        return output
    }

    private func write(to output: inout String, indent: Int) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .number(let text): output += text
        case .string(let text): output += JSONValue.quote(text)
        case .array(let items):
            guard !items.isEmpty else { output += "[]"; return }
            output += "[\n"
            for (index, item) in items.enumerated() {
                output += String(repeating: " ", count: indent + 2)
                item.write(to: &output, indent: indent + 2)
                output += index == items.count - 1 ? "\n" : ",\n"
            }
            output += String(repeating: " ", count: indent) + "]"
        case .object(let members):
            guard !members.isEmpty else { output += "{}"; return }
            output += "{\n"
            for (index, (key, value)) in members.enumerated() {
                output += String(repeating: " ", count: indent + 2) + JSONValue.quote(key) + ": "
                value.write(to: &output, indent: indent + 2)
                output += index == members.count - 1 ? "\n" : ",\n"
            }
            output += String(repeating: " ", count: indent) + "}"
        }
    }

    static func quote(_ text: String) -> String {
        var result = ""
        appendQuoted(text, to: &result)
        return result
    }

    /// Appends `text` as a JSON string literal.
    static func appendQuoted(_ text: String, to output: inout String) {
        output += "\""
        if !needsEscaping(text) {
            output += text
            output += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }

    /// Appends `text` as a JSON string literal to UTF-8 bytes, escaping
    /// byte by byte (the same escapes as the `String` form).
    static func appendQuoted(_ text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { utf8 in
            output.append(UInt8(ascii: "\""))
            guard needsEscaping(utf8: utf8) else {
                output.append(contentsOf: utf8)
                output.append(UInt8(ascii: "\""))
                return
            }
            var index = 0
            while index < utf8.count {
                let byte = utf8[index]
                index += 1
                switch byte {
                case UInt8(ascii: "\""): output.append(contentsOf: #"\""#.utf8)
                case UInt8(ascii: "\\"): output.append(contentsOf: #"\\"#.utf8)
                case UInt8(ascii: "\n"): output.append(contentsOf: #"\n"#.utf8)
                case UInt8(ascii: "\r"): output.append(contentsOf: #"\r"#.utf8)
                case UInt8(ascii: "\t"): output.append(contentsOf: #"\t"#.utf8)
                case 0x08: output.append(contentsOf: #"\b"#.utf8)
                case 0x0C: output.append(contentsOf: #"\f"#.utf8)
                case 0xE2 where index + 1 < utf8.count && utf8[index] == 0x80 && (utf8[index + 1] == 0xA8 || utf8[index + 1] == 0xA9):
                    output.append(contentsOf: (utf8[index + 1] == 0xA8 ? #"\u2028"# : #"\u2029"#).utf8)
                    index += 2
                case ..<0x20:
                    output.append(contentsOf: #"\u00"#.utf8)
                    output.append(hexDigit(byte >> 4))
                    output.append(hexDigit(byte & 0xF))
                default: output.append(byte)
                }
            }
            output.append(UInt8(ascii: "\""))
        }
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }

    /// Most strings need no escape at all (0xE2 starts U+2028 and U+2029).
    static func needsEscaping(_ text: String) -> Bool {
        if let answer = text.utf8.withContiguousStorageIfAvailable(needsEscaping(utf8:)) { return answer }
        var copy = text
        return copy.withUTF8(needsEscaping(utf8:))
    }

    static func needsEscaping(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        func needsEscape(_ byte: UInt8) -> Bool { byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0xE2 }
        var index = 0
        if let base = UnsafeRawPointer(bytes.baseAddress) {
            // Eight bytes at a time; only a word that may hold such a byte is looked at byte by byte.
            while index + 8 <= bytes.count {
                if mayNeedEscape((base + index).loadUnaligned(as: UInt64.self)) {
                    for offset in index..<index + 8 where needsEscape(bytes[offset]) { return true }
                }
                index += 8
            }
        }
        for offset in index..<bytes.count where needsEscape(bytes[offset]) { return true }
        return false
    }

    /// Whether any byte of `word` is non-ASCII, a control character, `"` or `\`
    /// (the classic "has a zero byte" and "has a byte less than n" tests).
    private static func mayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ value: UInt64) -> Bool { (value &- ones) & ~value & highBits != 0 }
        return word & highBits != 0
            || (word &- ones &* 0x20) & ~word & highBits != 0
            || hasZeroByte(word ^ (ones &* 0x22))
            || hasZeroByte(word ^ (ones &* 0x5C))
    }

    public static func string(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
    public static func int(_ value: Int) -> JSONValue { .number(String(value)) }
}

extension JSONValue {
    /// JSON on one line, no spaces: how resources are stored.
    public func renderedCompact() -> String {
        var writer = CompactJSONWriter()
        writer.value(self)
        return writer.text
    }
}
