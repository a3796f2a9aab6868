#if canImport(Glibc)
import Glibc
#endif

/// The AWS calls Teleport's joins make, made the same way from the operator's
/// machine (SPEC §4.4): STS `GetCallerIdentity` and `AssumeRole`, EC2
/// `DescribeInstances`; query requests signed with Signature Version 4,
/// retried on throttling and 5xx with backoff, each bounded by the client's timeout.
public struct AWSClient: Sendable {
    public var credentials: AWSCredentials
    public var environment: [String: String]
    public var http: HTTPClient
    public var now: @Sendable () -> Timestamp
    public var maxAttempts = 3

    public init(credentials: AWSCredentials, environment: [String: String], http: HTTPClient, now: @escaping @Sendable () -> Timestamp) {
        self.credentials = credentials
        self.environment = environment
        self.http = http
        self.now = now
    }

    // MARK: - Endpoints

    /// `https://SERVICE.REGION.amazonaws.com` (`.amazonaws.com.cn` in China), or
    /// `AWS_ENDPOINT_URL_SERVICE` / `AWS_ENDPOINT_URL` when set.
    public func endpoint(service: String, region: String) -> String {
        if let url = environment["AWS_ENDPOINT_URL_" + service.uppercased()], !url.isEmpty { return url }
        if let url = environment["AWS_ENDPOINT_URL"], !url.isEmpty { return url }
        let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        return "https://\(service).\(region).\(suffix)"
    }

    // MARK: - Calls

    public struct CallerIdentityResult: Sendable, Equatable {
        public var account: String
        public var arn: String
    }

    public func getCallerIdentity(region: String) throws(AWSError) -> CallerIdentityResult {
        let response = try call(service: "sts", region: region, parameters: [("Action", "GetCallerIdentity"), ("Version", "2011-06-15")])
        guard let result = response.descendant(["GetCallerIdentityResult"]), let account = result.child("Account")?.text,
            let arn = result.child("Arn")?.text
        else { throw AWSError(.response, "STS GetCallerIdentity answered without Account and Arn") }
        return CallerIdentityResult(account: account, arn: arn)
    }

    /// Temporary credentials for `role` (session `tokenctl-<unix nanoseconds>`, 900 s, no external ID, as Teleport).
    public func assumeRole(_ role: String, region: String) throws(AWSError) -> AWSCredentials {
        let time = now()
        let session = "tokenctl-\(time.seconds)\(nineDigits(time.nanoseconds))"
        let response = try call(
            service: "sts", region: region,
            parameters: [
                ("Action", "AssumeRole"), ("Version", "2011-06-15"), ("RoleArn", role), ("RoleSessionName", session),
                ("DurationSeconds", "900"),
            ])
        guard let credentials = response.descendant(["AssumeRoleResult", "Credentials"]),
            let key = credentials.child("AccessKeyId")?.text, let secret = credentials.child("SecretAccessKey")?.text
        else { throw AWSError(.response, "STS AssumeRole answered without credentials") }
        return AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: credentials.child("SessionToken")?.text)
    }

    /// Credentials for `role` from a web identity token: the request is not signed.
    public func assumeRoleWithWebIdentity(_ role: String, token: String, session: String, region: String) throws(AWSError) -> AWSCredentials {
        let response = try call(
            service: "sts", region: region,
            parameters: [
                ("Action", "AssumeRoleWithWebIdentity"), ("Version", "2011-06-15"), ("RoleArn", role), ("RoleSessionName", session),
                ("WebIdentityToken", token),
            ],
            signed: false)
        guard let credentials = response.descendant(["AssumeRoleWithWebIdentityResult", "Credentials"]),
            let key = credentials.child("AccessKeyId")?.text, let secret = credentials.child("SecretAccessKey")?.text
        else { throw AWSError(.response, "STS AssumeRoleWithWebIdentity answered without credentials") }
        return AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: credentials.child("SessionToken")?.text)
    }

    /// An instance's state name (`running`, `stopped`, …) by DescribeInstances in `region`.
    public func instanceState(_ instanceID: String, region: String) throws(AWSError) -> String {
        let response = try call(
            service: "ec2", region: region,
            parameters: [("Action", "DescribeInstances"), ("Version", "2016-11-15"), ("InstanceId.1", instanceID)])
        let instances = response.children("reservationSet").flatMap { $0.children("item") }
            .flatMap { $0.children("instancesSet").flatMap { $0.children("item") } }
        guard let instance = instances.first(where: { $0.child("instanceId")?.text == instanceID }) ?? instances.first else {
            throw AWSError(.service, "DescribeInstances returned no instance \(instanceID)", code: "InvalidInstanceID.NotFound")
        }
        guard let state = instance.descendant(["instanceState", "name"])?.text else {
            throw AWSError(.response, "DescribeInstances answered without the instance's state")
        }
        return state
    }

    /// The AWS organization an account belongs to (`organizations:DescribeAccount`), from the account's ARN
    /// `arn:aws:organizations::MANAGEMENT:account/o-…/ACCOUNT`. Organizations is served from one region per partition.
    public func organization(ofAccount account: String, partitionRegion: String) throws(AWSError) -> String {
        let region = partitionRegion.hasPrefix("cn-") ? "cn-northwest-1" : partitionRegion.hasPrefix("us-gov-") ? "us-gov-west-1" : "us-east-1"
        let body = try callJSON(
            service: "organizations", region: region, target: "AWSOrganizationsV20161128.DescribeAccount", body: "{\"AccountId\":\"\(account)\"}")
        let stream = YAMLParser().parse(SourceText(name: "organizations response", bytes: body))
        guard stream.fatal == nil, let root = stream.documents.first?.root,
            let arn = root.entries?.first(where: { $0.name == "Account" })?.value.entries?.first(where: { $0.name == "Arn" })?.value.scalar?.value,
            let organization = arn.split(separator: "/").first(where: { $0.hasPrefix("o-") })
        else { throw AWSError(.response, "Organizations DescribeAccount answered without the account's ARN") }
        return String(organization)
    }

    /// One signed POST of the JSON protocol (`X-Amz-Target`); the response body on success.
    func callJSON(service: String, region: String, target: String, body text: String) throws(AWSError) -> [UInt8] {
        let url = endpoint(service: service, region: region)
        guard let host = Self.host(of: url) else { throw AWSError(.network, "\(quoted(url)) is not an http(s) URL") }
        let body = Array(text.utf8)
        var request = SigV4Request(
            method: "POST", path: "/",
            headers: [("Host", host), ("Content-Type", "application/x-amz-json-1.1"), ("X-Amz-Target", target)], body: body)
        SigV4Signer(credentials: credentials, region: region, service: service).sign(&request, now: now())
        let response: HTTPResponse
        do {
            response = try http.send(method: "POST", url: url, headers: request.headers.filter { $0.name != "Host" }, body: body)
        } catch {
            throw AWSError(error.timedOut ? .timeout : .network, "\(service) at \(url): \(error.message)")
        }
        guard (200..<300).contains(response.status) else {
            // {"__type": "AccountNotFoundException", "Message": "…"}
            let object = try? JSONObjectInput(response.body, what: "\(service) error", expected: "an error object", sizeHint: "", limits: .standard)
            let type = (try? object?.optionalString("__type")).flatMap { $0 }?.split(separator: "#").last.map(String.init)
            let message = ((try? object?.optionalString("Message")) ?? nil) ?? ((try? object?.optionalString("message")) ?? nil)
            throw AWSError(.service, message ?? "\(service) answered HTTP \(response.status)", code: type ?? "HTTP\(response.status)")
        }
        return response.body
    }

    // MARK: - The query protocol

    /// One signed POST of form parameters; the parsed XML on success.
    func call(service: String, region: String, parameters: [(String, String)], signed: Bool = true) throws(AWSError) -> XMLElement {
        let url = endpoint(service: service, region: region)
        guard let host = Self.host(of: url) else { throw AWSError(.network, "\(quoted(url)) is not an http(s) URL") }
        let body = Array(parameters.map { "\(SigV4Signer.encode($0.0))=\(SigV4Signer.encode($0.1))" }.joined(separator: "&").utf8)
        var attempt = 0
        while true {
            attempt += 1
            var request = SigV4Request(
                method: "POST", path: "/",
                headers: [("Host", host), ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")], body: body)
            if signed { SigV4Signer(credentials: credentials, region: region, service: service).sign(&request, now: now()) }
            let response: HTTPResponse
            do {
                response = try http.send(method: "POST", url: url, headers: request.headers.filter { $0.name != "Host" }, body: body)
            } catch {
                if error.timedOut {
                    throw AWSError(.timeout, "\(service) at \(url) did not answer within \(http.timeoutMilliseconds) ms")
                }
                throw AWSError(.network, "\(service) at \(url): \(error.message)")
            }
            if (200..<300).contains(response.status) {
                do { return try AWSXML.parse(response.body) } catch {
                    throw AWSError(.response, "\(service) answered HTTP \(response.status) with a body that is not XML: \(error.message)")
                }
            }
            let failure = Self.serviceError(response, service: service)
            let retryable = response.status >= 500 || ["Throttling", "ThrottlingException", "RequestLimitExceeded", "RequestThrottled"].contains(failure.code ?? "")
            guard retryable, attempt < maxAttempts else { throw failure }
            usleep(UInt32(100_000 << (attempt - 1)))
        }
    }

    /// The three error shapes: EC2's `Response/Errors/Error`, STS's `ErrorResponse/Error`, and an emulator's variants.
    static func serviceError(_ response: HTTPResponse, service: String) -> AWSError {
        if let root = try? AWSXML.parse(response.body) {
            let error = root.localName == "Error" ? root : root.first("Error")
            if let code = error?.child("Code")?.text {
                return AWSError(.service, error?.child("Message")?.text ?? "(no message)", code: code)
            }
        }
        return AWSError(.service, "\(service) answered HTTP \(response.status)", code: "HTTP\(response.status)")
    }

    static func host(of url: String) -> String? {
        for scheme in ["https://", "http://"] where url.hasPrefix(scheme) {
            let rest = url.dropFirst(scheme.count)
            let host = rest.prefix { $0 != "/" && $0 != "?" }
            return host.isEmpty ? nil : String(host)
        }
        return nil
    }
}

/// Nanoseconds as nine digits.
func nineDigits(_ nanoseconds: Int32) -> String {
    let digits = String(nanoseconds)
    return String(repeating: "0", count: max(0, 9 - digits.count)) + digits
}
