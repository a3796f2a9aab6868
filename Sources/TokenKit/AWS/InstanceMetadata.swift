/// The EC2 instance metadata service, version 2: a session token first
/// (`PUT /latest/api/token`), then the instance profile's role and its
/// temporary credentials.
struct InstanceMetadata {
    var endpoint: String
    var http: HTTPClient

    func credentials() throws(AWSError) -> AWSCredentials {
        let base = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
        // IMDS answers within a second on an instance; elsewhere it should not hold the command up.
        var quick = http
        quick.timeoutMilliseconds = min(http.timeoutMilliseconds, 2_000)
        let token = try text(quick, "PUT", base + "/latest/api/token", [("X-aws-ec2-metadata-token-ttl-seconds", "21600")])
        let header = [("X-aws-ec2-metadata-token", token)]
        let roles = try text(quick, "GET", base + "/latest/meta-data/iam/security-credentials/", header)
        guard let role = roles.split(whereSeparator: { $0 == "\n" }).first.map(String.init), !role.isEmpty else {
            throw AWSError(.credentials, "the instance has no instance profile role")
        }
        let document = try text(quick, "GET", base + "/latest/meta-data/iam/security-credentials/" + role, header)
        guard let object = try? JSONObjectInput(
            Array(document.utf8), what: "instance profile credentials", expected: "AccessKeyId, SecretAccessKey, Token",
            sizeHint: "IMDS answers a few hundred bytes", limits: .standard),
            let key = try? object.optionalString("AccessKeyId"), let secret = try? object.optionalString("SecretAccessKey")
        else { throw AWSError(.credentials, "the instance metadata service's credentials for role \(quoted(role)) are unreadable") }
        return AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: (try? object.optionalString("Token")) ?? nil)
    }

    private func text(_ http: HTTPClient, _ method: String, _ url: String, _ headers: [(name: String, value: String)]) throws(AWSError) -> String {
        let response: HTTPResponse
        do {
            response = try http.send(method: method, url: url, headers: headers, body: [])
        } catch {
            throw AWSError(error.timedOut ? .timeout : .network, "\(url): \(error.message)")
        }
        guard response.status == 200 else { throw AWSError(.credentials, "\(method) \(url) answered HTTP \(response.status)") }
        return String(decoding: response.body, as: UTF8.self).trimmingASCIIWhitespace()
    }
}
