import Foundation
import Testing
@testable import TokenKit

/// SPEC §4.4 `check --live`, against moto's AWS emulator on loopback with
/// signature checking on.
@Suite(.serialized) struct LiveCheckTests {
    let moto: MotoServer
    let directory: URL

    init() throws {
        moto = try MotoServer.shared.get()
        directory = try TestPaths.temporaryDirectory()
    }

    /// ec2 tokens for moto's account: one calling with the Auth Service's own
    /// credentials, one assuming a role that trusts it, one a role that does not.
    func manifests() throws -> String {
        let account = moto.string("account")
        let text = ["own-creds": "", "via-role": "describe-role", "via-untrusting": "untrusting-role"].sorted { $0.key < $1.key }.map { name, role in
            let assume = role.isEmpty ? "" : ", aws_role: \"arn:aws:iam::\(account):role/\(role)\""
            return "kind: token\nversion: v2\nmetadata: {name: \(name)}\n"
                + "spec: {roles: [Node], join_method: ec2, allow: [{aws_account: \"\(account)\", aws_regions: [us-west-2, eu-west-1, cn-north-1, us-gov-west-1]\(assume)}]}\n"
        }.joined(separator: "---\n")
        let path = directory.appendingPathComponent("tokens.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A plain identity document for an instance moto created (its IDs are random).
    func document(_ state: String, region: String = "us-west-2") throws -> String {
        let instance = state == "missing" ? "i-00000000000000000" : moto.string("instances", region, state)
        let path = directory.appendingPathComponent("\(region)-\(state).json").path
        try """
            {"accountId": "\(moto.string("account"))", "region": "\(region)", "instanceId": "\(instance)", "pendingTime": "2026-12-03T12:00:00Z"}
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func check(_ token: String, _ state: String, user: String = "auth", region: String = "us-west-2", extra: [String] = [], environment: [String: String]? = nil) throws -> CommandResult {
        try runTokenctl(
            ["check", "-f", try manifests(), "--token", token, "--iid", try document(state, region: region), "--at", "2026-12-03T12:01:00Z", "--live"] + extra,
            environment: environment ?? moto.environment(user))
    }

    static let outcomes: [(token: String, state: String, user: String, status: Int32, words: String)] = [
        ("own-creds", "running", "auth", 0, "is running (DescribeInstances in us-west-2 with the local credentials)"),
        ("via-role", "running", "auth", 0, "is running (DescribeInstances in us-west-2 assuming arn:aws:iam::123456789012:role/describe-role)"),
        ("own-creds", "stopped", "auth", 1, "instance is not running:"),
        ("own-creds", "terminated", "auth", 1, "instance is not running:"),
        ("via-role", "missing", "auth", 1, "failed to get instance state: InvalidInstanceID.NotFound"),
        ("own-creds", "running", "blind", 1, "failed to get instance state: AccessDenied"),
        ("via-untrusting", "running", "auth", 1, "failed to assume arn:aws:iam::123456789012:role/untrusting-role: AccessDenied"),
        // Temporary credentials: the session token is sent and signed.
        ("own-creds", "running", "session", 0, "is running"),
    ]

    @Test(arguments: 0..<outcomes.count)
    func describeInstancesAsTeleportCallsIt(_ index: Int) throws {
        let (token, state, user, status, words) = Self.outcomes[index]
        let result = try check(token, state, user: user)
        #expect(result.status == status, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains(words), "\(result.stdout)")
        // Nothing of the credentials in any output.
        for secret in [moto.string(user, "secret"), moto.string(user, "token")] where !secret.isEmpty {
            #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret))
        }
    }

    /// Other regions, and the aws-cn and aws-us-gov partitions' regions (signed for them).
    @Test(arguments: ["eu-west-1", "cn-north-1", "us-gov-west-1"])
    func anInstanceInAnotherRegionOrPartition(_ region: String) throws {
        let user = region.hasPrefix("cn-") ? "auth-cn" : region.hasPrefix("us-gov-") ? "auth-gov" : "auth"
        let result = try check("own-creds", "running", user: user, region: region)
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("is running (DescribeInstances in \(region)"))
        let stopped = try check("own-creds", "stopped", user: user, region: region)
        #expect(stopped.stdout.contains("instance is not running"))
    }

    /// With signature checking on, a wrong secret or a missing session token is refused.
    @Test func wrongSecretsAndMissingTokensFail() throws {
        var wrongSecret = moto.environment("auth")
        wrongSecret["AWS_SECRET_ACCESS_KEY"] = "not-the-secret"
        let refused = try check("own-creds", "running", environment: wrongSecret)
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("failed to get instance state: AuthFailure") || refused.stdout.contains("SignatureDoesNotMatch"), "\(refused.stdout)")

        var noToken = moto.environment("session")
        noToken["AWS_SESSION_TOKEN"] = nil
        let tokenless = try check("own-creds", "running", environment: noToken)
        #expect(tokenless.status == 1, "\(tokenless.stdout)")
        #expect(tokenless.stdout.contains("failed to get instance state"))
    }

    /// A profile of the shared files, and one role_arn + source_profile hop.
    @Test func sharedFileProfiles() throws {
        let credentials = directory.appendingPathComponent("credentials")
        let config = directory.appendingPathComponent("config")
        try "[tokenctl]\naws_access_key_id = \(moto.string("auth", "id"))\naws_secret_access_key = \(moto.string("auth", "secret"))\n"
            .write(to: credentials, atomically: true, encoding: .utf8)
        try "[profile hop]\nrole_arn = \(moto.string("roles", "describe-role"))\nsource_profile = tokenctl\nregion = us-east-1\n"
            .write(to: config, atomically: true, encoding: .utf8)
        let environment = [
            "AWS_ENDPOINT_URL": moto.endpoint, "AWS_SHARED_CREDENTIALS_FILE": credentials.path, "AWS_CONFIG_FILE": config.path,
            "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "",
        ]
        for profile in ["tokenctl", "hop"] {
            let result = try check("own-creds", "running", extra: ["--profile", profile], environment: environment)
            #expect(result.status == 0, "\(profile): \(result.stdout)\(result.stderr)")
        }
        let missing = try check("own-creds", "running", extra: ["--profile", "nobody"], environment: environment)
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("no AWS credentials"))
    }

    /// iam with --live and no --caller-*: the local credentials' identity is the evidence.
    @Test func theLocalCallerIdentityForIAM() throws {
        let path = directory.appendingPathComponent("iam.yaml").path
        try """
            kind: token
            version: v2
            metadata: {name: auth-user}
            spec: {roles: [Node], join_method: iam, allow: [{aws_account: "\(moto.string("account"))", aws_arn: "arn:aws:iam::*:user/auth-*"}]}
            """.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try runTokenctl(["check", "-f", path, "--live"], environment: moto.environment("auth"))
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("identity   iam arn:aws:iam::123456789012:user/auth-service"))
    }

    /// A port that accepts and never answers: the request ends at --timeout.
    @Test func aSilentEndpointTimesOut() throws {
        let listener = try SilentListener()
        var environment = moto.environment("auth")
        environment["AWS_ENDPOINT_URL"] = "http://127.0.0.1:\(listener.port)"
        let result = try check("own-creds", "running", extra: ["--timeout", "1"], environment: environment)
        #expect(result.status == 1)
        #expect(result.stdout.contains("did not answer within 1000 ms"), "\(result.stdout)")
        #expect(result.seconds < hangGuardSeconds)
    }

    /// Without --live nothing goes to the network, whatever the environment says.
    @Test func nothingTouchesTheNetworkWithoutLive() throws {
        let listener = try SilentListener()
        let environment = ["AWS_ENDPOINT_URL": "http://127.0.0.1:\(listener.port)", "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "x"]
        let tokens = try manifests()
        let db = directory.appendingPathComponent("tokens.db").path
        for arguments in [
            ["check", "-f", tokens, "--iid", try document("running")],
            ["check", "-f", tokens, "--caller-arn", "arn:aws:iam::123456789012:user/alice"],
            ["policy", "-f", tokens, "--auth-account", "111111111111"],
            ["lint", tokens], ["--db", db, "create", tokens], ["--db", db, "list"], ["--db", db, "check", "--iid", try document("running")],
        ] {
            _ = try runTokenctl(arguments, environment: environment)
        }
        #expect(!listener.wasContacted)
    }

    @Test func endpointsPerPartitionAndOverrides() {
        let client = AWSClient(
            credentials: AWSCredentials(accessKeyID: "a", secretAccessKey: "b"), environment: [:], http: HTTPClient(), now: { Timestamp(seconds: 0) })
        #expect(client.endpoint(service: "ec2", region: "us-west-2") == "https://ec2.us-west-2.amazonaws.com")
        #expect(client.endpoint(service: "sts", region: "cn-north-1") == "https://sts.cn-north-1.amazonaws.com.cn")
        #expect(client.endpoint(service: "ec2", region: "us-gov-west-1") == "https://ec2.us-gov-west-1.amazonaws.com")
        var overridden = client
        overridden.environment = ["AWS_ENDPOINT_URL": "http://127.0.0.1:1", "AWS_ENDPOINT_URL_STS": "http://127.0.0.1:2"]
        #expect(overridden.endpoint(service: "sts", region: "us-east-1") == "http://127.0.0.1:2")
        #expect(overridden.endpoint(service: "ec2", region: "us-east-1") == "http://127.0.0.1:1")
    }

    /// `preflight` over several accounts, roles and regions: each rule's AWS
    /// side checked once per distinct role and region.
    @Test func preflightOverAccountsRolesAndRegions() throws {
        let account = moto.string("account")
        let path = directory.appendingPathComponent("fleet.yaml").path
        try """
            kind: token
            version: v2
            metadata: {name: fleet}
            spec:
              roles: [Node]
              join_method: ec2
              allow:
              - {aws_account: "\(account)", aws_regions: [us-west-2, eu-west-1]}
              - {aws_account: "\(account)", aws_regions: [us-west-2], aws_role: "\(moto.string("roles", "describe-role"))"}
              - {aws_account: "\(account)", aws_regions: [us-west-2], aws_role: "\(moto.string("roles", "untrusting-role"))"}
              - {aws_account: "999999999999", aws_regions: [us-west-2]}
              - {aws_account: "\(account)"}
            """.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try runTokenctl(["preflight", "-f", path, "--format", "json"], environment: moto.environment("auth"))
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let outcomes = rows.map { "\($0["rule"] as? Int ?? 0) \($0["region"] as? String ?? "") \($0["passed"] as? Bool == true)" }
        // Rule 5 allows any region: the caller's (us-east-1) is checked.
        #expect(outcomes == ["1 us-west-2 true", "1 eu-west-1 true", "2 us-west-2 true", "3 us-west-2 false", "4 us-west-2 false", "5 us-east-1 true"])
        let results = rows.compactMap { $0["result"] as? String }
        #expect(results[3].contains("AssumeRole \(moto.string("roles", "untrusting-role")): AccessDenied"))
        #expect(results[4].contains("Teleport would call DescribeInstances in the Auth Service's account \(account), not 999999999999"))

        let blind = try runTokenctl(["preflight", "-f", path], environment: moto.environment("blind"))
        #expect(blind.status == 1)
        #expect(blind.stdout.contains("FAIL: DescribeInstances in us-west-2: AccessDenied"), "\(blind.stdout)")
        #expect(blind.stdout.hasSuffix("6 rule checks, 6 failed\n") || blind.stdout.contains("failed\n"))
    }

    /// `policy --live`: the Auth Service's account from the local credentials.
    @Test func policyTakesTheAuthAccountFromAWS() throws {
        let result = try runTokenctl(["policy", "-f", "fixtures/lint/examples/teleport-docs.yaml", "--live", "--format", "json"], environment: moto.environment("auth"))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"AWS\": \"arn:aws:iam::\(moto.string("account")):root\""))
    }

    /// Web identity: AssumeRoleWithWebIdentity (unsigned) for the role, then
    /// its credentials. moto's server cannot take an unsigned request while it
    /// checks signatures (it fails on the missing Authorization header), so
    /// this one runs against a second server that does not: the caller
    /// identity it reports is the web identity's assumed role.
    @Test func webIdentityCredentials() throws {
        let server = try LoopbackServer("moto_server.py")
        defer { withExtendedLifetime(server) {} }  // alive until the test is done
        let tokenFile = directory.appendingPathComponent("web-identity-token")
        try "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0b2tlbmN0bCJ9.c2lnbmF0dXJl".write(to: tokenFile, atomically: true, encoding: .utf8)
        let path = directory.appendingPathComponent("web.yaml").path
        try """
            kind: token
            version: v2
            metadata: {name: web-identity}
            spec: {roles: [Node], join_method: iam, allow: [{aws_arn: "arn:aws:sts::*:assumed-role/ci-role/web-session"}]}
            """.write(toFile: path, atomically: true, encoding: .utf8)
        let environment = [
            "AWS_ENDPOINT_URL": server.url, "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile.path,
            "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/ci-role", "AWS_ROLE_SESSION_NAME": "web-session", "AWS_REGION": "us-east-1",
            "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent", "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "",
        ]
        let result = try runTokenctl(["check", "-f", path, "--live"], environment: environment)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("assumed-role/ci-role/web-session"), "\(result.stdout)")
        #expect(!result.stdout.contains("eyJhbGci") && !result.stderr.contains("eyJhbGci"))
    }

    /// The instance profile through IMDSv2 (a stand-in service at AWS_EC2_METADATA_SERVICE_ENDPOINT).
    @Test func instanceProfileCredentials() throws {
        let stub = try LoopbackServer("imds_stub.py", moto.string("session", "id"), moto.string("session", "secret"), moto.string("session", "token"))
        defer { withExtendedLifetime(stub) {} }  // alive until the test is done
        let environment = [
            "AWS_ENDPOINT_URL": moto.endpoint, "AWS_EC2_METADATA_SERVICE_ENDPOINT": stub.url, "AWS_REGION": "us-east-1",
            "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent", "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "",
        ]
        let result = try check("own-creds", "running", environment: environment)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        // moto's own metadata endpoint hands out fixed keys that are no IAM user's: the chain takes
        // them (the call reaches EC2 signed with them) and moto's signature check refuses them.
        var motoMetadata = environment
        motoMetadata["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = moto.endpoint
        let refused = try check("own-creds", "running", environment: motoMetadata)
        #expect(refused.status == 1, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stdout.contains("failed to get instance state: AuthFailure") || refused.stdout.contains("InvalidClientTokenId"), "\(refused.stdout)")
        var disabled = environment
        disabled["AWS_EC2_METADATA_DISABLED"] = "true"
        let none = try check("own-creds", "running", environment: disabled)
        #expect(none.status == 3)
        #expect(none.stderr.contains("no AWS credentials"))
    }

    /// iam --live with an aws_organization_id rule: the account's organization looked up.
    @Test func theOrganizationIsLookedUp() throws {
        let path = directory.appendingPathComponent("org.yaml").path
        let manifests = { (organization: String) in
            """
            kind: token
            version: v2
            metadata: {name: by-organization}
            spec: {roles: [Node], join_method: iam, allow: [{aws_organization_id: \(organization)}]}
            """
        }
        try manifests(moto.string("organization")).write(toFile: path, atomically: true, encoding: .utf8)
        let member = try runTokenctl(["check", "-f", path, "--live"], environment: moto.environment("auth"))
        #expect(member.status == 0, "\(member.stdout)\(member.stderr)")
        #expect(member.stdout.hasPrefix("ALLOWED by token \"by-organization\" (allow rule 1)"), "\(member.stdout)")
        #expect(member.stdout.contains("✓ organization        account 123456789012 belongs to organization \(moto.string("organization"))"))

        try manifests("o-someotherorg").write(toFile: path, atomically: true, encoding: .utf8)
        let stranger = try runTokenctl(["check", "-f", path, "--live"], environment: moto.environment("auth"))
        #expect(stranger.status == 1)
        #expect(stranger.stdout.contains("belongs to organization \(moto.string("organization")), not o-someotherorg"), "\(stranger.stdout)")
    }

    /// Throttling and 5xx are retried with backoff, a bounded number of times.
    @Test(arguments: [(failures: 2, status: 400, passes: true), (failures: 2, status: 503, passes: true), (failures: 3, status: 503, passes: false)])
    func throttlingAndServerErrorsAreRetried(_ failures: Int, _ status: Int, _ passes: Bool) throws {
        let server = try LoopbackServer("flaky_sts.py", String(failures), String(status))
        defer { withExtendedLifetime(server) {} }  // alive until the test is done
        let path = directory.appendingPathComponent("flaky.yaml").path
        try "kind: token\nversion: v2\nmetadata: {name: flaky}\nspec: {roles: [Node], join_method: iam, allow: [{aws_account: \"123456789012\"}]}\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        var environment = moto.environment("auth")
        environment["AWS_ENDPOINT_URL"] = server.url
        let result = try runTokenctl(["check", "-f", path, "--live"], environment: environment)
        if passes {
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        } else {
            #expect(result.status == 3)
            #expect(result.stderr.contains("sts:GetCallerIdentity"), "\(result.stderr)")
        }
    }

    @Test func preflightFromTheStore() throws {
        let db = directory.appendingPathComponent("tokens.db").path
        #expect(try runTokenctl(["--db", db, "create", try manifests()]).status == 0)
        let result = try runTokenctl(["--db", db, "preflight"], environment: moto.environment("auth"))
        // The untrusting role's rules fail; the others pass, in every region of the rules.
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("own-creds"))
        #expect(result.stdout.contains("FAIL: AssumeRole arn:aws:iam::123456789012:role/untrusting-role: AccessDenied"))
        #expect(result.stdout.contains("ok: AssumeRole and DescribeInstances allowed"))
    }
}
