import CCurlShim

#if canImport(Glibc)
import Glibc
#endif

/// One HTTP response.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var body: [UInt8]
}

/// Why a request got no response.
public struct HTTPFailure: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var timedOut: Bool

    public var description: String { message }
}

/// HTTP for the AWS calls, through the system libcurl (loaded on first use):
/// a timeout for the whole exchange and a bound on the response size.
public struct HTTPClient: Sendable {
    public var timeoutMilliseconds: Int
    public var maxResponseBytes: Int

    public init(timeoutMilliseconds: Int = 10_000, maxResponseBytes: Int = 8 << 20) {
        self.timeoutMilliseconds = timeoutMilliseconds
        self.maxResponseBytes = maxResponseBytes
    }

    public func send(method: String, url: String, headers: [(name: String, value: String)], body: [UInt8]) throws(HTTPFailure) -> HTTPResponse {
        var response = tokenctl_http_response()
        let lines = headers.map { "\($0.name): \($0.value)" }
        let arrived: Int32 = withCStrings(lines) { pointers in
            body.withUnsafeBufferPointer { bytes in
                tokenctl_http_perform(
                    method, url, pointers.baseAddress, pointers.count, bytes.baseAddress, bytes.count, timeoutMilliseconds,
                    min(timeoutMilliseconds, 5_000), maxResponseBytes, &response)
            }
        }
        defer { tokenctl_http_response_free(&response) }
        guard arrived == 1 else {
            let message = withUnsafeBytes(of: response.error) { raw in String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self) }
            throw HTTPFailure(message: message, timedOut: response.timed_out != 0)
        }
        let received = response.body.map { Array(UnsafeBufferPointer(start: $0, count: response.body_length)) } ?? []
        return HTTPResponse(status: response.status, body: received)
    }

    /// The strings as C strings for the duration of `body` (copied, then freed).
    private func withCStrings<T>(_ strings: [String], _ body: (UnsafeBufferPointer<UnsafePointer<CChar>?>) -> T) -> T {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        let pointers = copies.map { $0.map { UnsafePointer($0) } }
        return pointers.withUnsafeBufferPointer(body)
    }
}
