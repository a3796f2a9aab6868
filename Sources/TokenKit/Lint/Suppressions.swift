/// Inline suppressions: `# tokenctl:ignore RULE[,RULE]` at the end of the
/// offending line, or alone on the line before it. Only the lines that
/// findings point at (and the line before each) are read, each once however
/// many findings point at it, and each in one pass over its bytes.
struct Suppressions {
    private let text: SourceText
    private var parsed: [Int: Directive?] = [:]

    /// What one line's suppression comment says.
    struct Directive: Equatable {
        var rules: Set<String>
        /// The comment is alone on its line (it applies to the next line).
        var standalone: Bool
    }

    init(_ text: SourceText) {
        self.text = text
    }

    mutating func isSuppressed(_ rule: RuleID, atLine line: Int) -> Bool {
        if let directive = directive(atLine: line), !directive.standalone, directive.rules.contains(rule.rawValue) {
            return true
        }
        if line > 1, let directive = directive(atLine: line - 1), directive.standalone, directive.rules.contains(rule.rawValue) {
            return true
        }
        return false
    }

    private mutating func directive(atLine line: Int) -> Directive? {
        if let known = parsed[line] { return known }
        let found = text.line(line).flatMap(Suppressions.parse)
        parsed[line] = found
        return found
    }

    /// The suppression comment of a line, if it has one: the first `#`
    /// followed (after spaces) by `tokenctl:ignore` and a space.
    static func parse(_ line: String) -> Directive? {
        let bytes = Array(line.utf8)
        let keyword = Array("tokenctl:ignore".utf8)
        var index = 0
        while let hash = bytes[index...].firstIndex(of: UInt8(ascii: "#")) {
            var start = hash + 1
            while start < bytes.count && bytes[start] == UInt8(ascii: " ") { start += 1 }
            index = hash + 1
            guard bytes[start...].starts(with: keyword) else { continue }
            var cursor = start + keyword.count
            guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") else { continue }
            while cursor < bytes.count && bytes[cursor] == UInt8(ascii: " ") { cursor += 1 }
            let end = bytes[cursor...].firstIndex { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") } ?? bytes.count
            let rules = Set(bytes[cursor..<end].split(separator: UInt8(ascii: ",")).map { String(decoding: $0, as: UTF8.self) })
            guard !rules.isEmpty else { return nil }
            let standalone = bytes[..<hash].allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
            return Directive(rules: rules, standalone: standalone)
        }
        return nil
    }
}
