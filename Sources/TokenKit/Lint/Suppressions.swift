/// Inline suppressions: `# tokenctl:ignore RULE[,RULE]` at the end of the
/// offending line, or alone on the line before it. Only the lines that
/// findings point at (and the line before each) are read.
struct Suppressions {
    private let text: SourceText

    init(_ text: SourceText) {
        self.text = text
    }

    func isSuppressed(_ rule: RuleID, atLine line: Int) -> Bool {
        if let (rules, standalone) = text.line(line).flatMap(Suppressions.parse), !standalone, rules.contains(rule.rawValue) {
            return true
        }
        if line > 1, let (rules, standalone) = text.line(line - 1).flatMap(Suppressions.parse), standalone,
            rules.contains(rule.rawValue)
        {
            return true
        }
        return false
    }

    /// The rule ids a line's suppression comment names, and whether the comment stands alone.
    static func parse(_ line: String) -> (Set<String>, Bool)? {
        guard line.utf8.contains(UInt8(ascii: "#")), let hash = line.firstRange(of: "#") else { return nil }
        var rest = line[hash.upperBound...].drop { $0 == " " }
        guard rest.hasPrefix("tokenctl:ignore") else {
            // A later `#` might hold it (`key: value # note # tokenctl:ignore x`).
            let tail = String(line[hash.upperBound...])
            guard tail.contains("#"), let inner = parse(tail) else { return nil }
            return (inner.0, line[..<hash.lowerBound].allSatisfy { $0 == " " || $0 == "\t" } && inner.1)
        }
        rest = rest.dropFirst("tokenctl:ignore".count)
        guard rest.first == " " else { return nil }
        let list = rest.drop { $0 == " " }.prefix { !$0.isWhitespace }
        let rules = Set(list.split(separator: ",").map(String.init))
        guard !rules.isEmpty else { return nil }
        let standalone = line[..<hash.lowerBound].allSatisfy { $0 == " " || $0 == "\t" }
        return (rules, standalone)
    }
}
