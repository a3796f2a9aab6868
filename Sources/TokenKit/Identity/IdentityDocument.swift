/// An EC2 instance identity document (the `/document` JSON), with the
/// fields the join evaluation reads.
public struct IdentityDocument: Sendable, Equatable {
    public var accountID: String
    public var region: String
    public var instanceID: String
    public var pendingTime: Timestamp
    /// The exact bytes that were (or would be) signed.
    public var bytes: [UInt8]

    public init(accountID: String, region: String, instanceID: String, pendingTime: Timestamp, bytes: [UInt8]) {
        self.accountID = accountID
        self.region = region
        self.instanceID = instanceID
        self.pendingTime = pendingTime
        self.bytes = bytes
    }

    /// Teleport's host ID for an EC2-joined node.
    public var hostID: String { accountID + "-" + instanceID }

    /// Parses the JSON document; every problem is an input error (exit 2).
    public static func parse(_ bytes: [UInt8], limits: InputLimits = .standard) throws(IdentityInputError) -> IdentityDocument {
        guard bytes.count <= limits.maxIdentityDocumentBytes else {
            throw IdentityInputError("the identity document is \(formatByteSize(bytes.count)), over the \(formatByteSize(limits.maxIdentityDocumentBytes)) limit for an identity document (real ones are under 1 KiB); is this an identity document?")
        }
        let stream = YAMLParser(limits: limits).parse(SourceText(name: "identity document", bytes: bytes))
        if let fatal = stream.fatal {
            throw IdentityInputError("the identity document is not valid JSON: \(fatal.message) at \(fatal.range.start)")
        }
        guard stream.documents.count == 1, let entries = stream.documents[0].root.entries else {
            throw IdentityInputError("the identity document must be one JSON object (the /document endpoint's output)")
        }
        func string(_ key: String) throws(IdentityInputError) -> String {
            guard let entry = entries.first(where: { $0.name == key }) else {
                throw IdentityInputError("the identity document has no \"\(key)\"; is it an EC2 instance identity document?")
            }
            guard let scalar = entry.value.scalar, scalar.style != .plain || ResolvedScalar(scalar) == .string,
                !scalar.value.isEmpty
            else {
                throw IdentityInputError("the identity document's \"\(key)\" must be a non-empty string")
            }
            return scalar.value
        }
        let pending = try string("pendingTime")
        guard let pendingTime = Timestamp.parseRFC3339(pending) else {
            throw IdentityInputError("the identity document's \"pendingTime\" (\(quoted(pending))) is not an RFC 3339 time")
        }
        return IdentityDocument(
            accountID: try string("accountId"), region: try string("region"), instanceID: try string("instanceId"),
            pendingTime: pendingTime, bytes: bytes)
    }
}

/// An identity document or signature that cannot be used at all (exit 2).
public struct IdentityInputError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
