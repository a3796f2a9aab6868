import Foundation
import Testing
@testable import TokenKit

/// SPEC §4 evaluation order and each step's boundaries.
@Suite struct EvaluationTests {
    static let pending = Timestamp.parseRFC3339("2026-03-01T12:00:00Z")!

    static func evidence(account: String = "111111111111", region: String = "us-west-2", signature: SignatureCheck.Status = .unsigned)
        -> IdentityEvidence
    {
        let document = IdentityDocument(accountID: account, region: region, instanceID: "i-0123456789abcdef0", pendingTime: pending, bytes: [])
        return IdentityEvidence(
            document: document, signature: SignatureCheck(status: signature, kind: signature == .unsigned ? nil : .rsa2048, region: region, detail: "test \(signature.rawValue)"))
    }

    static func tokens(_ yaml: String) -> [ProvisionToken] {
        ManifestReader().read(SourceText(name: "test.yaml", bytes: Array(yaml.utf8))).tokens.compactMap(\.token)
    }

    static func ec2(_ name: String = "ec2-token", ttl: String? = nil, expires: String? = nil, roles: String = "[Node]", rules: String) -> String {
        """
        kind: token
        version: v2
        metadata:
          name: \(name)
        \(expires.map { "  expires: \"\($0)\"\n" } ?? "")spec:
          roles: \(roles)
          join_method: ec2
        \(ttl.map { "  aws_iid_ttl: \($0)\n" } ?? "")  allow:
        \(rules)
        """
    }

    static let westRule = "  - {aws_account: \"111111111111\", aws_regions: [us-west-2]}"

    func run(_ yaml: String, at offset: GoDuration = .minutes(1), role: String? = nil, hostID: String? = nil,
             evidence: IdentityEvidence = evidence(), requireSignature: Bool = false) -> CheckReport {
        let request = JoinRequest(
            at: Self.pending.adding(offset), role: role.flatMap(SystemRole.init), hostID: hostID, requireSignature: requireSignature)
        return JoinEvaluator(request: request).evaluate(evidence, candidates: Self.tokens(yaml))
    }

    func step(_ report: CheckReport, _ name: EvaluationStep.Name, token: Int = 0) -> EvaluationStep? {
        report.tokens[token].steps.first { $0.name == name }
    }

    @Test func stepsComeInTeleportsOrder() {
        let report = run(Self.ec2(rules: Self.westRule))
        #expect(report.tokens[0].steps.map(\.name) == EvaluationStep.Name.allCases.filter { $0 != .config && $0 != .organization })
        #expect(report.allowed)
        #expect(report.verdict == "ALLOWED by token \"ec2-token\" (allow rule 1)")
        #expect(step(report, .describeInstances)?.status == .skip)
        #expect(step(report, .describeInstances)?.detail.contains("ec2:DescribeInstances") == true)
        #expect(step(report, .signature)?.status == .skip)
    }

    @Test(arguments: [
        (300, true), (301, false), (-59, true), (-61, false), (0, true),
    ])
    func ttlBoundaries(_ seconds: Int64, _ allowed: Bool) {
        let report = run(Self.ec2(rules: Self.westRule), at: .seconds(seconds))
        #expect(report.allowed == allowed, "\(seconds)s: \(report.verdict)")
        if seconds == 301 {
            #expect(report.verdict.contains("is older than configured TTL of 5m0s"))
        }
        if seconds == -61 {
            #expect(report.verdict == "DENIED: Instance Identity Document PendingTime appears to be in the future")
        }
    }

    @Test func customTTL() {
        #expect(run(Self.ec2(ttl: "30m", rules: Self.westRule), at: .minutes(30)).allowed)
        let late = run(Self.ec2(ttl: "30m", rules: Self.westRule), at: .seconds(1801))
        #expect(!late.allowed)
        #expect(late.verdict.contains("older than configured TTL of 30m0s"))
    }

    @Test func theFirstMatchingRuleDecides() {
        let rules = """
              - aws_account: "111111111111"
                aws_role: "arn:aws:iam::111111111111:role/first"
              - aws_account: "111111111111"
                aws_regions: [us-west-2]
                aws_role: "arn:aws:iam::111111111111:role/second"
            """
        let report = run(Self.ec2(rules: rules))
        #expect(report.tokens[0].rule == 1)
        #expect(step(report, .describeInstances)?.detail.contains("assuming arn:aws:iam::111111111111:role/first") == true)
        #expect(step(report, .describeInstances)?.detail.contains("second") == false)
    }

    @Test func aRoleOnlyRuleMatchesAnyAccountAndEmptyRegionsMatchAnyRegion() {
        let roleOnly = "  - aws_role: \"arn:aws:iam::999999999999:role/describe\""
        let report = run(Self.ec2(rules: roleOnly), evidence: Self.evidence(account: "222222222222", region: "eu-central-1"))
        #expect(report.allowed)
        #expect(step(report, .allowRules)?.detail == "rule 1 matches (any account, any region)")
        let regionMiss = run(Self.ec2(rules: Self.westRule), evidence: Self.evidence(region: "us-east-1"))
        #expect(!regionMiss.allowed)
        #expect(regionMiss.verdict == "DENIED: instance i-0123456789abcdef0 did not match any allow rules in token ec2-token")
    }

    @Test func expiredTokensFailAtExpiry() {
        let report = run(Self.ec2(expires: "2026-03-01T11:00:00Z", rules: Self.westRule))
        #expect(step(report, .expiry)?.status == .fail)
        #expect(report.tokens[0].steps.dropFirst(2).allSatisfy { $0.status == .skip && $0.detail == "not evaluated" })
    }

    @Test func nonEC2TokensFailAtJoinMethod() {
        let yaml = """
            kind: token
            version: v2
            metadata: {name: iam-token}
            spec: {roles: [Node], join_method: iam, allow: [{aws_account: "111111111111"}]}
            ---
            """ + "\n" + Self.ec2(rules: Self.westRule)
        let report = run(yaml)
        #expect(report.allowed)
        let iam = report.tokens.first { $0.displayName == "iam-token" }
        #expect(iam?.failure?.name == .joinMethod)
        #expect(iam?.failure?.detail == "token \"iam-token\" uses the \"iam\" join method, not \"ec2\"")
    }

    @Test func requestedRoles() {
        #expect(run(Self.ec2(rules: Self.westRule), role: "node").allowed)
        let missing = run(Self.ec2(rules: Self.westRule), role: "Proxy")
        #expect(missing.tokens[0].failure?.name == .role)
        let bot = run(Self.ec2(roles: "[Node, Bot]", rules: Self.westRule).replacingOccurrences(of: "join_method: ec2", with: "join_method: ec2\n  bot_name: b"), role: "Bot")
        #expect(bot.verdict == "DENIED: role Bot is unsupported for the EC2 join method")
    }

    @Test func hostIDMustMatch() {
        #expect(run(Self.ec2(rules: Self.westRule), hostID: "111111111111-i-0123456789abcdef0").allowed)
        let wrong = run(Self.ec2(rules: Self.westRule), hostID: "111111111111-i-ffff")
        #expect(wrong.verdict.hasPrefix("DENIED: requested host ID does not match the Instance Identity Document"))
    }

    @Test func signatureOutcomes() {
        #expect(!run(Self.ec2(rules: Self.westRule), evidence: Self.evidence(signature: .invalid)).allowed)
        #expect(run(Self.ec2(rules: Self.westRule), evidence: Self.evidence(signature: .verified)).allowed)
        let required = run(Self.ec2(rules: Self.westRule), requireSignature: true)
        #expect(required.tokens[0].failure?.name == .signature)
    }

    @Test func noCandidateAndClosestDenial() {
        let none = run("")
        #expect(none.verdict == "DENIED: no ec2 token has an allow rule that could match account 111111111111")
        let yaml = Self.ec2("a-expired", expires: "2020-01-01T00:00:00Z", rules: Self.westRule) + "\n---\n"
            + Self.ec2("b-region", rules: "  - {aws_account: \"111111111111\", aws_regions: [eu-west-1]}")
        let report = run(yaml)
        #expect(report.verdict == "DENIED: instance i-0123456789abcdef0 did not match any allow rules in token b-region")
    }
}
