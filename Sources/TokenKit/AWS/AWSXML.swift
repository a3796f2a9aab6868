/// The XML AWS's query APIs (STS, EC2, Organizations) answer with, read
/// into elements: names and text, the five predefined entities and
/// character references; declarations, comments and attributes skipped.
/// Small and bounded: responses are kilobytes, and nesting is limited.
public struct XMLElement: Sendable, Equatable {
    public var name: String
    public var text: String
    public var children: [XMLElement]

    /// The first child named `name` (namespace prefixes ignored).
    public func child(_ name: String) -> XMLElement? {
        children.first { $0.localName == name }
    }

    public func children(_ name: String) -> [XMLElement] {
        children.filter { $0.localName == name }
    }

    /// The child at a path of names, e.g. `["GetCallerIdentityResult", "Arn"]`.
    public func descendant(_ path: [String]) -> XMLElement? {
        path.reduce(Optional(self)) { $0?.child($1) }
    }

    /// The first element named `name` anywhere below, depth first.
    public func first(_ name: String) -> XMLElement? {
        for child in children {
            if child.localName == name { return child }
            if let found = child.first(name) { return found }
        }
        return nil
    }

    var localName: Substring { name.split(separator: ":").last ?? Substring(name) }
}

public struct XMLSyntaxError: Error, Sendable {
    public var message: String
}

public enum AWSXML {
    static let maxDepth = 64

    public static func parse(_ bytes: [UInt8]) throws(XMLSyntaxError) -> XMLElement {
        var reader = Reader(bytes: bytes)
        return try reader.document()
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) {
            self.bytes = bytes
        }

        mutating func document() throws(XMLSyntaxError) -> XMLElement {
            try skipMisc()
            guard peek(UInt8(ascii: "<")) else { throw XMLSyntaxError(message: "no root element") }
            let root = try element(depth: 0)
            try skipMisc()
            guard index == bytes.count else { throw XMLSyntaxError(message: "content after the root element") }
            return root
        }

        /// Whitespace, `<?…?>` declarations, `<!--…-->` comments and `<!DOCTYPE …>`.
        mutating func skipMisc() throws(XMLSyntaxError) {
            while index < bytes.count {
                if isSpace(bytes[index]) {
                    index += 1
                } else if starts(with: "<?") {
                    try skip(past: "?>")
                } else if starts(with: "<!--") {
                    try skip(past: "-->")
                } else if starts(with: "<!") {
                    try skip(past: ">")
                } else {
                    return
                }
            }
        }

        mutating func element(depth: Int) throws(XMLSyntaxError) -> XMLElement {
            guard depth < AWSXML.maxDepth else { throw XMLSyntaxError(message: "elements nested deeper than \(AWSXML.maxDepth)") }
            index += 1  // "<"
            let name = readName()
            guard !name.isEmpty else { throw XMLSyntaxError(message: "an element without a name") }
            // Attributes are skipped; quoted values may hold ">".
            var selfClosing = false
            while true {
                guard index < bytes.count else { throw XMLSyntaxError(message: "unterminated <\(name)>") }
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    index += 1
                    while index < bytes.count && bytes[index] != byte { index += 1 }
                    index += 1
                } else if byte == UInt8(ascii: "/") && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: ">") {
                    index += 2
                    selfClosing = true
                    break
                } else if byte == UInt8(ascii: ">") {
                    index += 1
                    break
                } else {
                    index += 1
                }
            }
            var result = XMLElement(name: name, text: "", children: [])
            if selfClosing { return result }
            var text: [UInt8] = []
            while true {
                guard index < bytes.count else { throw XMLSyntaxError(message: "unterminated <\(name)>") }
                if starts(with: "</") {
                    index += 2
                    let closing = readName()
                    guard closing == name else { throw XMLSyntaxError(message: "</\(closing)> closes <\(name)>") }
                    while index < bytes.count && bytes[index] != UInt8(ascii: ">") { index += 1 }
                    index += 1
                    break
                } else if starts(with: "<!--") {
                    try skip(past: "-->")
                } else if starts(with: "<![CDATA[") {
                    index += 9
                    let start = index
                    try skip(past: "]]>")
                    text += bytes[start..<(index - 3)]
                } else if peek(UInt8(ascii: "<")) {
                    result.children.append(try element(depth: depth + 1))
                } else if peek(UInt8(ascii: "&")) {
                    text += try entity()
                } else {
                    text.append(bytes[index])
                    index += 1
                }
            }
            result.text = String(decoding: text, as: UTF8.self).trimmingASCIIWhitespace()
            return result
        }

        mutating func entity() throws(XMLSyntaxError) -> [UInt8] {
            guard let end = bytes[index...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else {
                throw XMLSyntaxError(message: "an unterminated entity reference")
            }
            let name = String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
            index = end + 1
            switch name {
            case "amp": return Array("&".utf8)
            case "lt": return Array("<".utf8)
            case "gt": return Array(">".utf8)
            case "quot": return Array("\"".utf8)
            case "apos": return Array("'".utf8)
            default:
                let value = name.hasPrefix("#x") ? UInt32(name.dropFirst(2), radix: 16) : name.hasPrefix("#") ? UInt32(name.dropFirst(), radix: 10) : nil
                guard let value, let scalar = Unicode.Scalar(value) else { throw XMLSyntaxError(message: "an unknown entity &\(name);") }
                return Array(String(Character(scalar)).utf8)
            }
        }

        mutating func readName() -> String {
            let start = index
            while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "/") {
                index += 1
            }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        mutating func skip(past marker: String) throws(XMLSyntaxError) {
            let pattern = Array(marker.utf8)
            while index + pattern.count <= bytes.count {
                if bytes[index..<(index + pattern.count)].elementsEqual(pattern) {
                    index += pattern.count
                    return
                }
                index += 1
            }
            throw XMLSyntaxError(message: "unterminated markup (no \(marker))")
        }

        func starts(with text: String) -> Bool {
            let pattern = Array(text.utf8)
            return index + pattern.count <= bytes.count && bytes[index..<(index + pattern.count)].elementsEqual(pattern)
        }

        func peek(_ byte: UInt8) -> Bool { index < bytes.count && bytes[index] == byte }

        func isSpace(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\t")
        }
    }
}
