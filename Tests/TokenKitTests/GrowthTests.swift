import Foundation
import Testing

/// Issue 9 and SPEC §5: work grows linearly (or n log n) in every dimension
/// of the input. Each test runs one input at two sizes, four times apart,
/// and fails when the larger takes more than 8 times as long (a quadratic
/// step would take 16 times). Wide margins, so a loaded machine does not
/// make them flaky; the smaller time is floored so that process start-up
/// does not make a tiny denominator.
@Suite(.serialized) struct GrowthTests {
    let directory: URL

    init() throws {
        directory = try TestPaths.temporaryDirectory()
    }

    /// The faster of two runs, in seconds.
    func time(_ arguments: [String]) throws -> Double {
        var best = Double.infinity
        for _ in 0..<2 {
            let result = try runTokenctl(arguments)
            #expect(result.status != 64 && result.status < 128, "\(arguments.prefix(3)): \(result.stderr.prefix(300))")
            best = min(best, result.seconds)
        }
        return best
    }

    func expectLinear(_ name: String, small: Int, large: Int, _ arguments: (Int) throws -> [String]) throws {
        let smallTime = try time(try arguments(small))
        let largeTime = try time(try arguments(large))
        let ratio = largeTime / max(smallTime, 0.1)
        #expect(ratio <= 8, "\(name): \(small) took \(smallTime) s, \(large) took \(largeTime) s (×\(ratio))")
    }

    func manifest(_ name: String, _ text: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func ec2Token(name: String, rules: String) -> String {
        "kind: token\nversion: v2\nmetadata:\n  name: \(name)\nspec:\n  roles: [Node]\n  join_method: ec2\n  allow:\n\(rules)"
    }

    /// One flow-style line of regions, each listed twice: duplicate-region, unknown-region and echoed lines.
    @Test func regionsInARule() throws {
        try expectLinear("regions", small: 2000, large: 8000) { count in
            let regions = (0..<count).map { "xx-\($0 % (count / 2))" }.joined(separator: ", ")
            return ["lint", try manifest("regions\(count).yaml", Self.ec2Token(name: "r", rules: "  - aws_account: \"111111111111\"\n    aws_regions: [\(regions)]\n"))]
        }
    }

    /// Rules that an earlier rule covers (unreachable-rule) and that cover nothing.
    @Test func rulesInAToken() throws {
        try expectLinear("rules", small: 4000, large: 16000) { count in
            let rules = (0..<count).map { index in
                "  - aws_account: \"\(String(format: "%012d", index % 50))\"\n    aws_regions: [us-west-\(1 + index % 2), eu-west-\(1 + index % 3)]\n"
            }.joined()
            return ["lint", try manifest("rules\(count).yaml", Self.ec2Token(name: "r", rules: rules))]
        }
    }

    /// A wide mapping: labels, and as many unknown keys (each with a "did you mean").
    @Test func keysInAMapping() throws {
        try expectLinear("keys", small: 4000, large: 16000) { count in
            let labels = (0..<count).map { "    k\($0): v" }.joined(separator: "\n")
            let unknown = (0..<count).map { "  field\($0): v" }.joined(separator: "\n")
            let text = "kind: token\nversion: v2\nmetadata:\n  name: wide\n  labels:\n\(labels)\n\(unknown)\nspec:\n  roles: [Node]\n  join_method: iam\n  allow: [{aws_account: \"111111111111\"}]\n"
            return ["lint", try manifest("keys\(count).yaml", text)]
        }
    }

    @Test func argumentsInOneInvocation() throws {
        let files = try (0..<4000).map { index in
            try manifest("arg\(index).yaml", Self.ec2Token(name: "t\(index)", rules: "  - aws_account: \"111111111111\"\n    aws_regions: [us-west-2]\n"))
        }
        try expectLinear("arguments", small: 1000, large: 4000) { count in ["lint"] + files.prefix(count) }
    }

    @Test func documentsInAFile() throws {
        try expectLinear("documents", small: 2000, large: 8000) { count in
            let text = (0..<count).map { index in
                Self.ec2Token(name: "doc-\(index)", rules: "  - aws_account: \"111111111111\"\n    aws_regions: [us-west-2]\n")
            }.joined(separator: "---\n")
            return ["lint", try manifest("documents\(count).yaml", text)]
        }
    }

    /// Candidates in check: every token matches the document's account.
    @Test func candidatesInCheck() throws {
        try expectLinear("candidates", small: 1000, large: 4000) { count in
            let text = (0..<count).map { index in
                Self.ec2Token(name: "cand-\(index)", rules: "  - aws_account: \"692406183521\"\n    aws_regions: [eu-west-1]\n")
            }.joined(separator: "---\n")
            return [
                "check", "--iid", "fixtures/iid/rsa2048_us-west-2_2018_taskcluster-iid-verify/rsa2048.b64", "--at", "pending+1m",
                "-f", try manifest("candidates\(count).yaml", text),
            ]
        }
    }
}
