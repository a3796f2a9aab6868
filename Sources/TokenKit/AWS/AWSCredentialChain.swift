/// Where AWS credentials and the region come from, as the AWS CLI and SDKs
/// look (SPEC §4.4): the environment, then web identity, then the shared
/// config and credentials files (a profile, with one `role_arn` +
/// `source_profile` hop), then the instance profile through IMDSv2. Secrets
/// are never part of any message.
public struct AWSCredentialChain: Sendable {
    public let environment: [String: String]
    public let profile: String?
    /// The shared config and credentials files, read once: `[section name: settings]`.
    private let configSections: [String: [String: String]]
    private let credentialsSections: [String: [String: String]]

    public init(environment: [String: String], profile: String? = nil) {
        self.environment = environment
        self.profile = profile
        let home = environment["HOME"] ?? ""
        configSections = Self.sections(Self.read(environment["AWS_CONFIG_FILE"] ?? home + "/.aws/config"))
        credentialsSections = Self.sections(Self.read(environment["AWS_SHARED_CREDENTIALS_FILE"] ?? home + "/.aws/credentials"))
    }

    /// Resolved credentials and where they came from (for messages).
    public struct Resolved: Sendable {
        public var credentials: AWSCredentials
        public var source: String
        /// A role the source profile's credentials must assume first.
        public var roleToAssume: String?
    }

    /// The first source that has credentials, asking STS (web identity) or
    /// the instance metadata service (IMDSv2) when those are the source.
    public func resolve(http: HTTPClient, region: String, now: @escaping @Sendable () -> Timestamp) throws(AWSError) -> Resolved {
        if profile == nil, environment["AWS_ACCESS_KEY_ID"].map({ !$0.isEmpty }) ?? false { return try resolve() }
        if profile == nil, let tokenFile = environment["AWS_WEB_IDENTITY_TOKEN_FILE"], !tokenFile.isEmpty,
            let role = environment["AWS_ROLE_ARN"], !role.isEmpty
        {
            let token = Self.read(tokenFile).trimmingASCIIWhitespace()
            guard !token.isEmpty else { throw AWSError(.credentials, "AWS_WEB_IDENTITY_TOKEN_FILE (\(tokenFile)) is empty or unreadable") }
            let anonymous = AWSClient(credentials: AWSCredentials(accessKeyID: "", secretAccessKey: ""), environment: environment, http: http, now: now)
            let session = environment["AWS_ROLE_SESSION_NAME"].flatMap { $0.isEmpty ? nil : $0 } ?? "tokenctl-\(now().seconds)"
            let credentials = try anonymous.assumeRoleWithWebIdentity(role, token: token, session: session, region: region)
            return Resolved(credentials: credentials, source: "web identity (\(role))", roleToAssume: nil)
        }
        do {
            return try resolve()
        } catch {
            guard profile == nil, environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() != "true" else { throw error }
            let metadata = InstanceMetadata(endpoint: environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"] ?? "http://169.254.169.254", http: http)
            do {
                return Resolved(credentials: try metadata.credentials(), source: "the instance profile (IMDSv2)", roleToAssume: nil)
            } catch let imds {
                throw AWSError(.credentials, "\(error.message); the instance metadata service gave none either (\(imds.message))")
            }
        }
    }

    var profileName: String { profile ?? environment["AWS_PROFILE"] ?? environment["AWS_DEFAULT_PROFILE"] ?? "default" }

    /// The region: `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region`, else us-east-1.
    public func region() -> String {
        if let region = environment["AWS_REGION"], !region.isEmpty { return region }
        if let region = environment["AWS_DEFAULT_REGION"], !region.isEmpty { return region }
        return sharedSettings(profileName)["region"] ?? "us-east-1"
    }

    /// The first source that has credentials.
    public func resolve() throws(AWSError) -> Resolved {
        if profile == nil, let key = environment["AWS_ACCESS_KEY_ID"], !key.isEmpty {
            guard let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty else {
                throw AWSError(.credentials, "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
            }
            let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
            return Resolved(
                credentials: AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: token), source: "the environment",
                roleToAssume: nil)
        }
        let name = profileName
        let settings = sharedSettings(name)
        if let role = settings["role_arn"] {
            guard let source = settings["source_profile"] else {
                throw AWSError(.credentials, "profile \(quoted(name)) has role_arn but no source_profile (tokenctl follows source_profile only)")
            }
            let base = sharedSettings(source)
            guard let credentials = Self.staticCredentials(base) else {
                throw AWSError(.credentials, "profile \(quoted(source)) (source_profile of \(quoted(name))) has no aws_access_key_id and aws_secret_access_key")
            }
            return Resolved(credentials: credentials, source: "profile \(quoted(name)) (role \(role) from profile \(quoted(source)))", roleToAssume: role)
        }
        if let credentials = Self.staticCredentials(settings) {
            return Resolved(credentials: credentials, source: "profile \(quoted(name))", roleToAssume: nil)
        }
        throw AWSError(
            .credentials,
            "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE to a profile of \(credentialsFile) or \(configFile)")
    }

    private static func staticCredentials(_ settings: [String: String]) -> AWSCredentials? {
        guard let key = settings["aws_access_key_id"], let secret = settings["aws_secret_access_key"] else { return nil }
        return AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: settings["aws_session_token"])
    }

    var home: String { environment["HOME"] ?? "" }
    var credentialsFile: String { environment["AWS_SHARED_CREDENTIALS_FILE"] ?? home + "/.aws/credentials" }
    var configFile: String { environment["AWS_CONFIG_FILE"] ?? home + "/.aws/config" }

    /// A profile's settings: the credentials file's `[NAME]` over the config file's `[profile NAME]` (`[default]`).
    func sharedSettings(_ name: String) -> [String: String] {
        var settings = configSections[name == "default" ? "default" : "profile " + name] ?? configSections[name] ?? [:]
        settings.merge(credentialsSections[name] ?? [:]) { _, fromCredentials in fromCredentials }
        return settings
    }

    static func read(_ path: String) -> String {
        guard case .bytes(let bytes) = InputFiles(maxBytes: 1 << 20, allowsDevices: false).read(path).content else { return "" }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// INI sections as the AWS CLI reads them: `[name]`, `key = value`, `#`/`;` comments.
    static func sections(_ text: String) -> [String: [String: String]] {
        var sections: [String: [String: String]] = [:]
        var current: String?
        for rawLine in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let line = String(rawLine).trimmingASCIIWhitespace()
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                let name = String(line.dropFirst().dropLast()).trimmingASCIIWhitespace()
                current = name.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
                continue
            }
            guard let current, let equals = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<equals]).trimmingASCIIWhitespace().lowercased()
            let value = String(line[line.index(after: equals)...]).trimmingASCIIWhitespace()
            sections[current, default: [:]][key] = value
        }
        return sections
    }
}

/// An AWS failure in words an operator can act on; never carries a secret.
public struct AWSError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        case credentials, network, timeout, service, response
    }

    public var kind: Kind
    /// AWS's error code (`AccessDenied`, `UnauthorizedOperation`, …) for a service error.
    public var code: String?
    public var message: String

    public init(_ kind: Kind, _ message: String, code: String? = nil) {
        self.kind = kind
        self.message = message
        self.code = code
    }

    public var description: String { code.map { "\($0): \(message)" } ?? message }
}
