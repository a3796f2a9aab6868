import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// SPEC §7: `tokenctl test` runs expected verdicts as a test runner does.
@Suite struct JoinTestCommandTests {
    let directory: URL

    init() throws {
        directory = try TestPaths.temporaryDirectory()
        let samples = directory.appendingPathComponent("samples")
        let tokens = directory.appendingPathComponent("tokens")
        try FileManager.default.createDirectory(at: samples, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: tokens, withIntermediateDirectories: true)
        let vector = TestPaths.fixtures.appendingPathComponent("iid/rsa2048_us-west-2_2018_taskcluster-iid-verify")
        try FileManager.default.copyItem(at: vector.appendingPathComponent("rsa2048.b64"), to: samples.appendingPathComponent("west.rsa2048"))
        try FileManager.default.copyItem(at: vector.appendingPathComponent("doc.json"), to: samples.appendingPathComponent("west.json"))
        try """
            kind: token
            version: v2
            metadata: {name: ec2-token}
            spec:
              roles: [Node]
              allow:
              - {aws_account: "111111111111", aws_regions: [us-west-2]}
              - {aws_account: "692406183521", aws_regions: [us-west-2]}
            ---
            kind: token
            version: v2
            metadata: {name: east-token}
            spec: {roles: [Node], allow: [{aws_account: "692406183521", aws_regions: [us-east-1]}]}
            """.write(to: tokens.appendingPathComponent("tokens.yaml"), atomically: true, encoding: .utf8)
    }

    func caseFile(_ name: String, _ cases: String, manifests: String = "manifests: [tokens/]\n") throws -> String {
        let path = directory.appendingPathComponent(name).path
        try (manifests + "cases:\n" + cases).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let passing = """
        - name: west joins
          iid: samples/west.rsa2048
          at: pending+2m
          role: Node
          expect: allowed
          token: ec2-token
          rule: 2
        - name: unsigned document joins too
          iid: samples/west.json
          at: pending+2m
          expect: allowed
        - name: unsigned refused when a signature is required
          iid: samples/west.json
          require_signature: true
          at: pending+2m
          expect: denied
          reason: not signed
        - name: late join refused
          iid: samples/west.rsa2048
          at: pending+6m
          expect: denied
          reason: older than configured TTL

        """

    @Test func passingCasesPrintOkAndTheClosingLine() throws {
        let result = try runTokenctl(["test", try caseFile("joins.tokentest.yaml", Self.passing)])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(
            result.stdout
                == "ok west joins\nok unsigned document joins too\nok unsigned refused when a signature is required\nok late join refused\n4 passed, 0 failed\n")
    }

    /// Each expectation kind, failing.
    static let failing: [(yaml: String, message: String)] = [
        ("  expect: denied\n", "expected denied, got allowed by token \"ec2-token\" (allow rule 2)"),
        ("  expect: allowed\n  token: east-token\n", "expected allowed by token \"east-token\", got allowed by token \"ec2-token\" (allow rule 2)"),
        ("  expect: allowed\n  rule: 1\n", "expected allowed by allow rule 1, got allowed by token \"ec2-token\" (allow rule 2)"),
        ("  at: pending+6m\n  expect: allowed\n", "expected allowed, got denied at ttl: Instance Identity Document with PendingTime"),
        ("  at: pending+6m\n  expect: denied\n  reason: did not match any allow rules\n", "expected a denial containing \"did not match any allow rules\", got denied at ttl"),
    ]

    @Test(arguments: 0..<failing.count)
    func failingCasesSayWhatWasExpectedAndWhatHappened(_ index: Int) throws {
        let (yaml, message) = Self.failing[index]
        var body = "- name: the case\n  iid: samples/west.rsa2048\n"
        if !yaml.contains("at:") { body += "  at: pending+2m\n" }
        let file = try caseFile("fail\(index).tokentest.yaml", body + yaml)
        let result = try runTokenctl(["test", file])
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("FAIL the case: \(message)"), "\(result.stdout)")
        #expect(result.stdout.contains("[\(file):4:3]") || result.stdout.contains("[\(file):3:3]"), "\(result.stdout)")
        #expect(result.stdout.hasSuffix("\n0 passed, 1 failed\n"))
    }

    static let malformed: [(yaml: String, error: String)] = [
        ("- name: x\n  iid: samples/west.rsa2048\n  expct: allowed\n",
         ":6:3: error: unknown field \"cases[0].expct\" in a case file; did you mean \"expect\"? [unknown-field]"),
        ("- name: x\n  iid: samples/west.rsa2048\n", ":4:3: error: cases[0] has no expectation: add \"expect: allowed\" or \"expect: denied\" [missing-field]"),
        ("- name: x\n  iid: samples/west.rsa2048\n  expect: maybe\n", ":6:11: error: cases[0].expect must be \"allowed\" or \"denied\", not \"maybe\" [wrong-type]"),
        ("- name: x\n  iid: samples/west.rsa2048\n  expect: allowed\n  rule: first\n", ":7:9: error: cases[0].rule must be an allow rule number (1, 2, …), not a string [wrong-type]"),
        ("- name: x\n  iid: samples/west.rsa2048\n  expect: allowed\n  at: tomorrow\n", ":7:7: error: cases[0].at: \"tomorrow\" is neither RFC 3339"),
        ("- name: x\n  iid: samples/west.rsa2048\n  expect: allowed\n  role: Nodd\n", ":7:9: error: cases[0].role: role \"Nodd\" is not registered; did you mean \"Node\"? [invalid-role]"),
        ("- name: 12\n  iid: samples/west.rsa2048\n  expect: allowed\n", ":4:9: error: cases[0].name must be a string, but 12 is read as a number; quote it: \"12\" [wrong-type]"),
        ("- name: x\n\texpect: allowed\n", ":5:1: error:"),
    ]

    @Test(arguments: 0..<malformed.count)
    func malformedCaseFilesAreUnusableWithPositions(_ index: Int) throws {
        let (yaml, error) = Self.malformed[index]
        let file = try caseFile("bad\(index).tokentest.yaml", yaml, manifests: "# a case file\nmanifests: [tokens/]\n")
        let result = try runTokenctl(["test", file])
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains(file + error), "\(result.stderr)")
        // lint finds and validates case files too.
        let lint = try runTokenctl(["lint", file])
        #expect(lint.status != 0)
    }

    @Test func lintCountsValidCaseFilesAsValidated() throws {
        let file = try caseFile("joins.tokentest.yaml", Self.passing)
        let result = try runTokenctl(["lint", file, directory.appendingPathComponent("tokens/tokens.yaml").path])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.hasSuffix("in 2 files (1 test case file validated)\n"), "\(result.stdout)")
    }

    @Test func anUnreadableDocumentIsAnErrorOfThatCase() throws {
        let file = try caseFile("missing.tokentest.yaml", "- name: gone\n  iid: samples/nothing.rsa2048\n  expect: allowed\n")
        let result = try runTokenctl(["test", file])
        #expect(result.status == 2)
        #expect(result.stdout.hasPrefix("FAIL gone: not evaluated: \(file):4:8: iid \"samples/nothing.rsa2048\": cannot read"), "\(result.stdout)")
    }

    @Test func jsonListsEveryCase() throws {
        let file = try caseFile("joins.tokentest.yaml", Self.passing + "- name: wrong\n  iid: samples/west.rsa2048\n  at: pending+2m\n  expect: denied\n")
        let result = try runTokenctl(["test", "--format", "json", file])
        #expect(result.status == 1)
        let cases = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(cases.count == 5)
        #expect(cases.map { $0["status"] as? String } == ["passed", "passed", "passed", "passed", "failed"])
        #expect(cases[0]["token"] as? String == "ec2-token")
        #expect(cases[0]["rule"] as? Int == 2)
        #expect(cases[3]["step"] as? String == "ttl")
    }

    @Test func junitHasTheElementsCIReaders() throws {
        let file = try caseFile("joins.tokentest.yaml", Self.passing + "- name: wrong <&>\n  iid: samples/west.rsa2048\n  at: pending+2m\n  expect: denied\n")
        let result = try runTokenctl(["test", "--format", "junit", file])
        #expect(result.status == 1)
        let document = try XMLDocument(data: Data(result.stdout.utf8))
        let root = try #require(document.rootElement())
        #expect(root.name == "testsuites")
        #expect(root.attribute(forName: "tests")?.stringValue == "5")
        #expect(root.attribute(forName: "failures")?.stringValue == "1")
        let suites = root.elements(forName: "testsuite")
        #expect(suites.count == 1)
        let suite = try #require(suites.first)
        for attribute in ["name", "tests", "failures", "errors"] {
            #expect(suite.attribute(forName: attribute) != nil, "testsuite lacks \(attribute)")
        }
        let cases = suite.elements(forName: "testcase")
        #expect(cases.count == 5)
        #expect(cases.allSatisfy { $0.attribute(forName: "name") != nil && $0.attribute(forName: "classname") != nil })
        let failed = cases.filter { !$0.elements(forName: "failure").isEmpty }
        #expect(failed.count == 1)
        #expect(failed.first?.attribute(forName: "name")?.stringValue == "wrong <&>")
        #expect(failed.first?.elements(forName: "failure").first?.attribute(forName: "message")?.stringValue?.hasPrefix("expected denied, got allowed") == true)
    }

    @Test func casesWithoutManifestsUseTheStoreOpenedOnce() throws {
        let db = directory.appendingPathComponent("tokens.db").path
        #expect(try runTokenctl(["--db", db, "create", directory.appendingPathComponent("tokens/tokens.yaml").path]).status == 0)
        let file = try caseFile("store.tokentest.yaml", Self.passing, manifests: "")
        let result = try runTokenctl(["--db", db, "test", file])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.hasSuffix("4 passed, 0 failed\n"))
        // -f overrides the case file's manifests.
        let other = directory.appendingPathComponent("other.yaml").path
        try "kind: token\nversion: v2\nmetadata: {name: none}\nspec: {roles: [Node], allow: [{aws_account: \"999999999999\"}]}\n"
            .write(toFile: other, atomically: true, encoding: .utf8)
        let overridden = try runTokenctl(["test", "-f", other, try caseFile("joins.tokentest.yaml", Self.passing)])
        #expect(overridden.status == 1)
        #expect(overridden.stdout.hasSuffix("2 passed, 2 failed\n"), "\(overridden.stdout)")
    }

    /// A node's teleport.yaml in the test directory.
    func nodeConfiguration(_ name: String, services: String, token: String = "ec2-token") throws {
        try """
            version: v3
            teleport:
              join_params: {token_name: \(token), method: ec2}
              proxy_server: teleport.example.com:443
            auth_service: {enabled: no}
            proxy_service: {enabled: no}
            \(services)
            """.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    /// SPEC §4.3 in case files: `config:` alone (the configuration's steps)
    /// or with `iid:` (then the EC2 steps follow), passing and failing.
    @Test func casesTakeTheNodesConfiguration() throws {
        try nodeConfiguration("ssh.yaml", services: "ssh_service: {enabled: yes}\n")
        try nodeConfiguration("app.yaml", services: "app_service: {enabled: yes, apps: [{name: a, uri: \"http://a\"}]}\n")
        try nodeConfiguration("typo.yaml", services: "ssh_service: {enabled: yes}\n", token: "ec2-tokn")
        let cases = """
            - name: ssh node joins
              config: ssh.yaml
              iid: samples/west.rsa2048
              at: pending+2m
              expect: allowed
              token: ec2-token
              rule: 2
            - name: the configuration alone
              config: ssh.yaml
              expect: allowed
            - name: an added app service needs App
              config: app.yaml
              iid: samples/west.rsa2048
              at: pending+2m
              expect: denied
              reason: does not allow role App
            - name: a misspelt token name
              config: typo.yaml
              expect: denied
              reason: token "ec2-tokn" not found

            """
        let result = try runTokenctl(["test", try caseFile("nodes.tokentest.yaml", cases)])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.hasSuffix("4 passed, 0 failed\n"), "\(result.stdout)")

        let failing = "- name: app expected to join\n  config: app.yaml\n  expect: allowed\n"
        let failed = try runTokenctl(["test", try caseFile("app.tokentest.yaml", failing)])
        #expect(failed.status == 1)
        #expect(
            failed.stdout.hasPrefix(
                "FAIL app expected to join: expected allowed, got denied at role: the node requests Instance, Node, App: can not join the cluster, the token does not allow role App"),
            "\(failed.stdout)")
    }

    @Test func aCaseWhoseConfigurationIsUnusableIsAnErrorOfThatCase() throws {
        try "kind: token\nversion: v2\n".write(to: directory.appendingPathComponent("notconfig.yaml"), atomically: true, encoding: .utf8)
        let file = try caseFile("unusable.tokentest.yaml", "- name: not a config\n  config: notconfig.yaml\n  expect: allowed\n")
        let result = try runTokenctl(["test", file])
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("this is not a Teleport configuration"), "\(result.stdout)")

        let relative = try caseFile("relative.tokentest.yaml", "- name: x\n  config: ssh.yaml\n  at: pending+1m\n  expect: allowed\n")
        let malformed = try runTokenctl(["test", relative])
        #expect(malformed.status == 2)
        #expect(malformed.stderr.contains(relative + ":5:7: error: cases[0].at is relative to the identity document's pendingTime"), "\(malformed.stderr)")
    }
}
