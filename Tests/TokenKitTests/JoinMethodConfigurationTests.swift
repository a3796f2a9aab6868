import Foundation
import Testing
@testable import TokenKit

/// SPEC §2.2 "Join methods": every method's configuration object is read,
/// validated and stored as Teleport does (teleport-join-methods.md).
@Suite struct JoinMethodConfigurationTests {
    static let methodsWithObjects = JoinMethod.allCases.filter { $0.configurationKey != nil }

    static func fixture(_ name: String, _ outcome: String) -> String { "fixtures/lint/methods/\(name).\(outcome).yaml" }

    @Test func everyMethodWithAnObjectHasAConfiguration() {
        for method in Self.methodsWithObjects {
            #expect(JoinMethodConfigurations.forMethod(method) != nil, "\(method.rawValue) has no JoinMethodConfiguration")
        }
        #expect(JoinMethodConfigurations.all.count == Self.methodsWithObjects.count)
    }

    /// The golden test compares the output; this makes sure each method has both fixtures and they mean what they say.
    @Test(arguments: methodsWithObjects)
    func passingAndFailingFixtures(_ method: JoinMethod) throws {
        let passing = InProcess.tokenctl(["lint", "--strict", "--format", "json", Self.fixture(method.rawValue, "pass")])
        #expect(passing.stdout == "[]\n", "\(method.rawValue).pass.yaml: \(passing.stdout)")
        let failing = InProcess.tokenctl(["lint", "--format", "json", Self.fixture(method.rawValue, "fail")])
        #expect(failing.status == 1, "\(method.rawValue).fail.yaml should have errors")
        let findings = try #require(try JSONSerialization.jsonObject(with: Data(failing.stdout.utf8)) as? [[String: Any]])
        // One failing document per rule: every document of the file is reported.
        let documents = try String(contentsOfFile: TestPaths.packageRoot.path + "/" + Self.fixture(method.rawValue, "fail"), encoding: .utf8)
            .components(separatedBy: "\n---\n").count
        #expect(findings.count >= documents, "\(method.rawValue).fail.yaml: \(findings.count) findings for \(documents) documents")
    }

    /// `get --with-secrets | create --force -` changes nothing, for one token of every method.
    @Test func everyMethodRoundTripsThroughTheStore() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("tokens.db").path
        let passing = Self.methodsWithObjects.map { Self.fixture($0.rawValue, "pass") } + [Self.fixture("iam", "pass")]
        let created = try runTokenctl(["--db", database, "create"] + passing)
        #expect(created.status == 0, "\(created.stderr)")
        let names = try runTokenctl(["--db", database, "list", "--format", "names"]).stdout.split(separator: "\n").map(String.init)
        let methods = try runTokenctl(["--db", database, "list", "--format", "json"]).stdout
        for method in Self.methodsWithObjects {
            #expect(methods.contains("\"join_method\": \"\(method.rawValue)\"") || methods.contains("\"join_method\":\"\(method.rawValue)\""))
        }
        let before = try runTokenctl(["--db", database, "get", "--with-secrets"] + names)
        let again = try runTokenctl(["--db", database, "create", "--force", "-"], stdin: Data(before.stdout.utf8))
        #expect(again.status == 0)
        let outcomes = again.stdout.split(separator: "\n")
        #expect(outcomes.count == names.count)
        #expect(outcomes.allSatisfy { $0.hasSuffix("is unchanged") }, "\(again.stdout)")
        let after = try runTokenctl(["--db", database, "get", "--with-secrets"] + names)
        #expect(after.stdout == before.stdout)
        let json = try runTokenctl(["--db", database, "get", "--with-secrets", "--format", "json"] + names)
        let fromJSON = try runTokenctl(["--db", database, "create", "--force", "-"], stdin: Data(json.stdout.utf8))
        #expect(fromJSON.stdout.split(separator: "\n").allSatisfy { $0.hasSuffix("is unchanged") })
    }

    /// A bound-keypair registration secret is masked like a secret name, and its masked form is refused.
    @Test func registrationSecretsAreMasked() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("tokens.db").path
        _ = try runTokenctl(["--db", database, "create", Self.fixture("bound_keypair", "pass")])
        let secret = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"
        for format in ["yaml", "json"] {
            let shown = try runTokenctl(["--db", database, "get", "--format", format, "bot-keypair"])
            #expect(!shown.stdout.contains(secret))
            #expect(shown.stdout.contains("d3c2b1a0"))
            #expect(shown.stderr.contains("registration secrets"))
            #expect(try runTokenctl(["--db", database, "get", "--with-secrets", "--format", format, "bot-keypair"]).stdout.contains(secret))
        }
        let masked = try runTokenctl(["--db", database, "get", "bot-keypair"])
        let refused = try runTokenctl(["--db", database, "create", "--force", "-"], stdin: Data(masked.stdout.utf8))
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("[masked-name]") || refused.stdout.contains("[masked-name]"))
        let kept = try runTokenctl(["--db", database, "get", "--with-secrets", "bot-keypair"])
        #expect(kept.stdout.contains(secret))
    }

    /// Canonical form: the schema's key order whatever the manifest's, with Teleport's defaults.
    @Test func canonicalFormOrdersKeysAndAppliesDefaults() throws {
        let manifest = """
            kind: token
            version: v2
            metadata: {name: k8s}
            spec:
              roles: [Kube]
              join_method: kubernetes
              kubernetes:
                allow: [{service_account: "teleport:agent"}]
            ---
            kind: token
            version: v2
            metadata: {name: gitlab}
            spec:
              roles: [Bot]
              bot_name: ci
              join_method: gitlab
              gitlab:
                allow: [{ref_protected: "yes", project_path: acme/web}]
            ---
            kind: token
            version: v2
            metadata: {name: keypair}
            spec:
              roles: [Bot]
              bot_name: ci
              join_method: bound_keypair
              bound_keypair: {recovery: {mode: relaxed}}
            """
        let report = ManifestReader().read(SourceText(name: "m.yaml", bytes: Array(manifest.utf8)))
        let tokens = report.tokens.compactMap(\.token)
        #expect(tokens.count == 3)
        func text(_ index: Int) -> String { CanonicalResource.compactText(for: tokens[index]) }
        #expect(text(0).contains(#""kubernetes":{"type":"in_cluster","allow":[{"service_account":"teleport:agent"}]}"#))
        #expect(text(1).contains(#""gitlab":{"allow":[{"project_path":"acme/web","ref_protected":true}],"domain":"gitlab.com"}"#))
        #expect(text(2).contains(#""bound_keypair":{"onboarding":{},"recovery":{"limit":1,"mode":"relaxed"}}"#))
        // Read back from the store's text, the object is the same.
        #expect(CanonicalResource.token(fromStoredText: text(1)) == tokens[1])
    }

    @Test func oracleIdentifiers() {
        #expect(OracleOCID.problem("ocid1.tenancy.oc1..aaaa") == nil)
        #expect(OracleOCID.problem("ocid1.compartment.oc19..aaaa") == nil)
        #expect(OracleOCID.problem("ocid1.instance.oc1.phx.aaaa") == nil)
        #expect(OracleOCID.problem("ocid1.instance.oc1.us-ashburn-1.aaaa") == nil)
        #expect(OracleOCID.problem("ocid1.instance.oc1.phx.future.aaaa") == nil)
        #expect(OracleOCID.problem("ocid1.instance.oc3.phx.aaaa") != nil)  // region of another realm
        #expect(OracleOCID.problem("ocid1.tenancy.oc1.phx.aaaa") != nil)  // tenancies have no region
        #expect(OracleOCID.problem("ocid1.bucket.oc1..aaaa") != nil)
        #expect(OracleOCID.problem("ocid1.tenancy.oc1") != nil)
        #expect(OracleRegions.region(named: "PHX")?.name == "us-phoenix-1")
        #expect(OracleRegions.region(named: "phoenix") == nil)
    }

    @Test func issuerURLs() {
        #expect(IssuerURL.problem("https://issuer.example.com/x", allowHTTP: false) == nil)
        #expect(IssuerURL.problem("HTTPS://issuer.example.com", allowHTTP: false) == nil)
        #expect(IssuerURL.problem("http://issuer.example.com", allowHTTP: true) == nil)
        #expect(IssuerURL.problem("http://issuer.example.com", allowHTTP: false)?.teleport == "must be https:// unless insecure_allow_http_issuer is set")
        #expect(IssuerURL.problem("issuer.example.com", allowHTTP: false)?.teleport == "invalid URL scheme, must be https://")
        #expect(IssuerURL.problem("://issuer", allowHTTP: false)?.teleport == "must be a valid URL")
        #expect(IssuerURL.problem("https://issuer.example.com:https", allowHTTP: false)?.teleport == "must be a valid URL")
        #expect(IssuerURL.problem("https://issuer/%zz", allowHTTP: false)?.teleport == "must be a valid URL")
    }
}
