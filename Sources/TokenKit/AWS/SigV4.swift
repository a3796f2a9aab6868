import Crypto

/// AWS credentials. Printing them never shows the secret or the session
/// token: only the access key ID's first four characters.
public struct AWSCredentials: Sendable, CustomStringConvertible {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    public var description: String {
        "AWS credentials \(accessKeyID.prefix(4))…\(sessionToken == nil ? "" : " with a session token")"
    }
}

/// A request to sign: the path as written (not yet percent-encoded), the
/// query as decoded name/value pairs in order (repeats kept), the headers
/// in arrival order (repeats kept), and the body.
public struct SigV4Request: Sendable {
    public var method: String
    public var path: String
    public var query: [(name: String, value: String)]
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(
        method: String, path: String = "/", query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [], body: [UInt8] = []
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The value of a header (names compare case-insensitively), if present.
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name.lowercased() == lowered }?.value
    }
}

/// What signing produced; the canonical request and string to sign are
/// kept for tests and for explaining a signature mismatch.
public struct SigV4Signature: Sendable {
    public var canonicalRequest: String
    public var stringToSign: String
    public var authorization: String
}

/// AWS Signature Version 4 (`AWS4-HMAC-SHA256`), as AWS specifies it and
/// its test suite checks: every header of the request signed, path segments
/// normalised and encoded once, query pairs sorted after encoding.
public struct SigV4Signer: Sendable {
    public var credentials: AWSCredentials
    public var region: String
    public var service: String

    public init(credentials: AWSCredentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// Signs `request` in place: adds `X-Amz-Date` (from `now`) unless the
    /// request has one, `X-Amz-Security-Token` for session credentials, and
    /// `Authorization`.
    @discardableResult
    public func sign(_ request: inout SigV4Request, now: Timestamp) -> SigV4Signature {
        if request.header("X-Amz-Date") == nil { request.headers.append(("X-Amz-Date", Self.amzDate(now))) }
        if let token = credentials.sessionToken, request.header("X-Amz-Security-Token") == nil {
            request.headers.append(("X-Amz-Security-Token", token))
        }
        let signature = signature(for: request)
        request.headers.append(("Authorization", signature.authorization))
        return signature
    }

    /// The signature of a request exactly as it stands (its `X-Amz-Date` header gives the time).
    public func signature(for request: SigV4Request) -> SigV4Signature {
        let date = request.header("X-Amz-Date") ?? ""
        let day = String(date.prefix(8))
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let headers = Self.canonicalHeaders(request.headers)
        let signedHeaders = headers.map(\.name).joined(separator: ";")
        let canonicalRequest = [
            request.method,
            Self.canonicalPath(request.path),
            Self.canonicalQuery(request.query),
            headers.map { "\($0.name):\($0.value)\n" }.joined(),
            signedHeaders,
            Self.hex(SHA256.hash(data: request.body)),
        ].joined(separator: "\n")
        let stringToSign = [
            "AWS4-HMAC-SHA256", date, scope, Self.hex(SHA256.hash(data: Array(canonicalRequest.utf8))),
        ].joined(separator: "\n")
        let key = signingKey(day: day)
        let signature = Self.hex(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key))
        return SigV4Signature(
            canonicalRequest: canonicalRequest, stringToSign: stringToSign,
            authorization:
                "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)")
    }

    /// `kSigning`: HMAC chained over the day, region, service and `aws4_request`.
    public func signingKey(day: String) -> SymmetricKey {
        var key = SymmetricKey(data: Array(("AWS4" + credentials.secretAccessKey).utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        return key
    }

    /// `20150830T123600Z`.
    public static func amzDate(_ time: Timestamp) -> String {
        let text = time.description  // RFC 3339: 2015-08-30T12:36:00Z (maybe with a fraction)
        let digits = text.prefix(19).filter { $0 != "-" && $0 != ":" }
        return digits + "Z"
    }

    // MARK: - Canonical parts

    /// Lowercased names in byte order; each value trimmed with inner runs of
    /// spaces made one; repeated names joined with "," in arrival order.
    static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> [(name: String, value: String)] {
        var order: [String] = []
        var values: [String: [String]] = [:]
        for (name, value) in headers {
            let lowered = name.lowercased()
            if values[lowered] == nil { order.append(lowered) }
            values[lowered, default: []].append(collapseSpaces(value))
        }
        return order.sorted(by: bytewiseLess).map { ($0, (values[$0] ?? []).joined(separator: ",")) }
    }

    private static func collapseSpaces(_ value: String) -> String {
        var result = ""
        var pendingSpace = false
        for character in value.unicodeScalars {
            if character == " " || character == "\t" || character == "\n" || character == "\r" {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result += " " }
                pendingSpace = false
                result.unicodeScalars.append(character)
            }
        }
        return result
    }

    /// `.` segments removed, `..` applied, runs of `/` collapsed, a trailing
    /// `/` kept; each segment percent-encoded once.
    static func canonicalPath(_ path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(segment)
            }
        }
        var result = "/" + segments.map { encode(String($0)) }.joined(separator: "/")
        if path.hasSuffix("/") && !segments.isEmpty { result += "/" }
        return result
    }

    /// Each name and value encoded, then sorted by name and value in byte order.
    static func canonicalQuery(_ query: [(name: String, value: String)]) -> String {
        query.map { (encode($0.name), encode($0.value)) }
            .sorted { $0.0 != $1.0 ? bytewiseLess($0.0, $1.0) : bytewiseLess($0.1, $1.1) }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    /// Percent-encoding that leaves only `A-Za-z0-9-._~`, with uppercase hex.
    static func encode(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += "%"
                result.unicodeScalars.append(upperHexDigits[Int(byte >> 4)])
                result.unicodeScalars.append(upperHexDigits[Int(byte & 0xF)])
            }
        }
        return result
    }

    private static let upperHexDigits = Array("0123456789ABCDEF".unicodeScalars)
    private static let lowerHexDigits = Array("0123456789abcdef".unicodeScalars)

    static func hex<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        var result = ""
        for byte in bytes {
            result.unicodeScalars.append(lowerHexDigits[Int(byte >> 4)])
            result.unicodeScalars.append(lowerHexDigits[Int(byte & 0xF)])
        }
        return result
    }
}
