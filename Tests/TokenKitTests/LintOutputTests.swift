import Foundation
import Testing
@testable import TokenKit

@Suite struct LintOutputTests {
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
