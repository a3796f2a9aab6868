import Foundation
import Testing
@testable import TokenKit

@Suite struct LintOutputTests {
    /// `lint` keeps no tokens, and a clean file's text is not kept (only
    /// findings echo lines); `create` and `check -f` keep the tokens.
    @Test func aReportKeepsTokensOnlyWhenAskedAndTextOnlyForFindings() {
        let clean = "kind: token\nversion: v2\nmetadata: {name: clean-token, expires: \"2030-01-01T00:00:00Z\"}\nspec: {roles: [Node], allow: [{aws_account: \"111111111111\", aws_regions: [us-west-2]}]}\n"
        let risky = "kind: token\nversion: v2\nmetadata: {name: risky-token}\nspec: {roles: [Node], allow: [{aws_account: \"111111111111\"}]}\n"
        let inputs = [InputFile(name: "clean.yaml", content: .bytes(Array(clean.utf8))), InputFile(name: "risky.yaml", content: .bytes(Array(risky.utf8)))]
        var linter = Linter(now: Timestamp(seconds: 0))
        let kept = linter.lint(inputs)
        #expect(kept.files.map(\.tokens.count) == [1, 1])
        linter.keepsTokens = false
        let report = linter.lint(inputs)
        #expect(report.files.allSatisfy { $0.tokens.isEmpty })
        #expect(report.files[0].diagnostics.isEmpty && report.files[0].text == nil)
        #expect(!report.files[1].diagnostics.isEmpty && report.files[1].text != nil)
        #expect(report.diagnostics.map(\.rule) == kept.diagnostics.map(\.rule))
    }

    /// duplicate-region searches a short list and hashes a long one: the same findings either way.
    @Test(arguments: [3, 40])
    func duplicateRegionsAreFoundInShortAndLongLists(count: Int) {
        var regions = (0..<count).map { "region-\($0)" }
        regions[count - 1] = "region-1"
        regions.insert("region-0", at: count / 2)
        let yaml = "kind: token\nversion: v2\nmetadata: {name: ec2-token}\nspec: {roles: [Node], allow: [{aws_account: \"111111111111\", aws_regions: [\(regions.joined(separator: ", "))]}]}\n"
        let report = Linter(now: Timestamp(seconds: 0)).lint([InputFile(name: "t.yaml", content: .bytes(Array(yaml.utf8)))])
        let messages = report.diagnostics.filter { $0.rule.rawValue == "duplicate-region" }.map(\.message)
        #expect(messages.count == 2, "\(messages)")
        #expect(messages.contains { $0.hasPrefix("region \"region-0\" is listed twice") })
        #expect(messages.contains { $0.hasPrefix("region \"region-1\" is listed twice") })
    }

    @Test func githubEscapingFollowsTheWorkflowCommandSyntax() {
        #expect(WorkflowCommand.escapeData("100% a\r\nb: c, d") == "100%25 a%0D%0Ab: c, d")
        #expect(WorkflowCommand.escapeProperty("dir,x/a:b%.yaml") == "dir%2Cx/a%3Ab%25.yaml")
    }

    @Test func sarifIsShapedAsSARIF210() throws {
        let result = try runTokenctl(["lint", "--format", "sarif", "fixtures/lint/formats/mixed-sarif.yaml"])
        let log = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        #expect(run["columnKind"] as? String == "unicodeCodePoints")
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.compactMap { $0["id"] as? String } == RuleID.allCases.map(\.rawValue))
        #expect(rules.allSatisfy { (($0["shortDescription"] as? [String: Any])?["text"] as? String)?.isEmpty == false })
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 2)
        for item in results {
            let index = try #require(item["ruleIndex"] as? Int)
            #expect(rules[index]["id"] as? String == item["ruleId"] as? String)
            let location = try #require((item["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
            let region = try #require(location["region"] as? [String: Any])
            for key in ["startLine", "startColumn", "endLine", "endColumn"] { #expect(region[key] is Int) }
        }
        let duplicate = try #require(results.first { $0["ruleId"] as? String == "duplicate-key" })
        #expect((duplicate["relatedLocations"] as? [[String: Any]])?.count == 1)
    }

    @Test func jsonFindingsHaveTheSpecifiedKeys() throws {
        let result = try runTokenctl(["lint", "--format", "json", "fixtures/lint/formats/mixed-json.yaml"])
        let findings = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let keys: Set = ["file", "line", "column", "endLine", "endColumn", "severity", "rule", "message", "token"]
        #expect(findings.allSatisfy { Set($0.keys) == keys })
    }
}
