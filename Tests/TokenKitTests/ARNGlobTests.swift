import Foundation
import Testing
@testable import TokenKit

/// SPEC §4.2: `aws_arn` globs as Teleport matches them (`joinutils.GlobMatch`).
@Suite struct ARNGlobTests {
    static let table: [(pattern: String, arn: String, matches: Bool)] = [
        ("arn:aws:sts::111111111111:assumed-role/joiner/*", "arn:aws:sts::111111111111:assumed-role/joiner/i-0123456789", true),
        // `*` also matches nothing.
        ("arn:aws:sts::111111111111:assumed-role/joiner/*", "arn:aws:sts::111111111111:assumed-role/joiner/", true),
        // The role ARN where the assumed-role ARN is needed: the classic mistake.
        ("arn:aws:iam::111111111111:role/joiner", "arn:aws:sts::111111111111:assumed-role/joiner/i-0123456789", false),
        // `?` is exactly one character.
        ("arn:aws:iam::111111111111:user/a?c", "arn:aws:iam::111111111111:user/abc", true),
        ("arn:aws:iam::111111111111:user/a?c", "arn:aws:iam::111111111111:user/ac", false),
        ("arn:aws:iam::111111111111:user/a?c", "arn:aws:iam::111111111111:user/abbc", false),
        ("arn:aws:iam::111111111111:user/a?c", "arn:aws:iam::111111111111:user/aéc", true),
        // The whole string: no prefix or suffix match.
        ("arn:aws:iam::111111111111:user/alice", "arn:aws:iam::111111111111:user/alice2", false),
        ("user/alice", "arn:aws:iam::111111111111:user/alice", false),
        // Regular-expression characters are literal.
        ("arn:aws:iam::111111111111:user/a.c", "arn:aws:iam::111111111111:user/abc", false),
        ("arn:aws:iam::111111111111:user/a+(b)", "arn:aws:iam::111111111111:user/a+(b)", true),
        ("*", "", true),
        ("", "", true),
        ("", "a", false),
        ("**", "anything", true),
        ("a*b*c", "a-b-b-c", true),
        ("a*b*c", "a-b-b-d", false),
        // Go's `.` does not match a newline.
        ("a*", "a\nb", false),
        ("a?b", "a\nb", false),
        ("a\nb", "a\nb", true),
    ]

    @Test(arguments: 0..<table.count)
    func teleportsGlob(_ index: Int) {
        let (pattern, arn, expected) = Self.table[index]
        #expect(ARNGlob.matches(pattern, arn) == expected, "\(pattern) vs \(arn)")
    }

    /// Every pattern and string over a small alphabet up to length 5 agrees
    /// with the regular expression Teleport builds.
    @Test func agreesWithTheRegularExpressionDefinition() throws {
        let alphabet: [Character] = ["a", "b", "\n", "*", "?", "."]
        func strings(upTo length: Int, from letters: [Character]) -> [String] {
            var all = [""]
            var layer = [""]
            for _ in 0..<length {
                layer = layer.flatMap { prefix in letters.map { prefix + String($0) } }
                all += layer
            }
            return all
        }
        let patterns = strings(upTo: 4, from: alphabet)
        let texts = strings(upTo: 4, from: ["a", "b", "\n", "."])
        var checked = 0
        for pattern in patterns {
            var regex = NSRegularExpression.escapedPattern(for: pattern)
            regex = regex.replacingOccurrences(of: "\\*", with: ".*").replacingOccurrences(of: "\\?", with: ".")
            let expression = try NSRegularExpression(pattern: "^" + regex + "$", options: [])
            for text in texts {
                let range = NSRange(text.startIndex..., in: text)
                let expected = expression.firstMatch(in: text, options: [.anchored], range: range).map { $0.range == range } ?? false
                #expect(ARNGlob.matches(pattern, text) == expected, "\(pattern.debugDescription) vs \(text.debugDescription)")
                checked += 1
            }
        }
        #expect(checked > 500_000)
    }
}
