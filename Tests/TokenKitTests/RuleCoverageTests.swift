import Foundation
import Testing
@testable import TokenKit

/// SPEC §2.2 and §2.3: every rule id has a failing and a passing manifest
/// under fixtures/lint/rules, and each one fails or passes for that rule.
@Suite struct RuleCoverageTests {
    static func fixture(_ rule: RuleID, _ outcome: String) -> String {
        "fixtures/lint/rules/\(rule.rawValue).\(outcome).yaml"
    }

    @Test(arguments: RuleID.allCases)
    func failingFixtureReportsTheRule(_ rule: RuleID) throws {
        let result = InProcess.tokenctl(["lint", "--format", "json", Self.fixture(rule, "fail")])
        let findings = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let rules = findings.compactMap { $0["rule"] as? String }
        #expect(rules.contains(rule.rawValue), "\(rule.rawValue).fail.yaml reported \(rules)")
        let expectedStatus: Int32 = rule.makesInputUnusable ? 2 : (rule.defaultSeverity == .error ? 1 : 0)
        #expect(result.status == expectedStatus)
    }

    @Test(arguments: RuleID.allCases)
    func passingFixtureIsClean(_ rule: RuleID) throws {
        let result = InProcess.tokenctl(["lint", "--strict", "--format", "json", Self.fixture(rule, "pass")])
        #expect(result.stdout == "[]\n", "\(rule.rawValue).pass.yaml: \(result.stdout)")
        #expect(result.status == 0)
    }

    @Test func teleportDocumentationManifestsLintClean() throws {
        let result = InProcess.tokenctl(["lint", "--strict", "fixtures/lint/examples/teleport-docs.yaml"])
        #expect(result.stdout == "0 errors, 0 warnings in 1 file\n")
        #expect(result.status == 0)
    }
}

/// One registry: every rule has a summary (a warning rule's in its own file), and every warning rule is registered.
@Suite struct RuleRegistryTests {
    @Test func everyRuleHasASummary() {
        for rule in RuleID.allCases {
            #expect(!rule.summary.isEmpty, "\(rule.rawValue) has no summary")
        }
    }

    @Test func everyIdIsOneRule() {
        #expect(Set(RuleID.allCases.map(\.rawValue)).count == RuleID.allCases.count, "two rules share an id")
        #expect(Set(LintRules.all.map(\.id)).count == LintRules.all.count, "a rule is registered twice")
        let positions = LintRules.all.map(\.id.cataloguePosition)
        #expect(positions == Array(1...positions.count), "catalogue positions \(positions): each rule takes the next number")
    }

    /// A warning rule is one file (its id, place, summary and check), which
    /// the build registers; a rule the registry missed would never run.
    @Test func everyRuleFileDeclaresOneRegisteredRule() throws {
        let directory = TestPaths.packageRoot.appendingPathComponent("Sources/TokenKit/Lint/Rules")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".swift") }
        let registered = Set(LintRules.all.map(\.id.rawValue))
        var declared: [String] = []
        for file in files {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            let ids = text.components(separatedBy: "RuleID(warning: \"").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) }
            #expect(ids.count == 1, "\(file) declares \(ids.count) rules; a rule is one file")
            declared += ids
        }
        #expect(Set(declared) == registered, "declared in Rules/ but not registered by the build, or the reverse")
    }
}
