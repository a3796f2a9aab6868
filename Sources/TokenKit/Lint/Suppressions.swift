/// Inline suppressions: `# tokenctl:ignore RULE[,RULE]` at the end of the
/// offending line, or alone on the line before it.
struct Suppressions {
    private var ignoredByLine: [Int: Set<String>] = [:]

    init(_ text: SourceText) {
        // Cheap pre-check: most files have no suppression comment at all.
        guard Suppressions.mentionsMarker(text.bytes) else { return }
        for number in 1...max(1, text.lineCount) {
            guard let line = text.line(number), let (rules, standalone) = Suppressions.parse(line) else { continue }
            ignoredByLine[standalone ? number + 1 : number, default: []].formUnion(rules)
        }
    }

    func isSuppressed(_ rule: RuleID, atLine line: Int) -> Bool {
        ignoredByLine[line]?.contains(rule.rawValue) ?? false
    }

    private static let marker = Array("tokenctl:ignore".utf8)

    private static func mentionsMarker(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= marker.count else { return false }
        var index = 0
        let last = bytes.count - marker.count
        while index <= last {
            if bytes[index] == marker[0], bytes[index..<index + marker.count].elementsEqual(marker) { return true }
            index += 1
        }
        return false
    }

    /// The rule ids a line's suppression comment names, and whether the comment stands alone.
    static func parse(_ line: String) -> (Set<String>, Bool)? {
        guard let hash = line.firstRange(of: "#") else { return nil }
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
