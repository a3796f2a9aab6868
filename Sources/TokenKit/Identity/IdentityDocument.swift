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
        let object = try JSONObjectInput(
            bytes, what: "identity document", expected: "the /document endpoint's output",
            sizeHint: "real ones are under 1 KiB; is this an identity document?", limits: limits)
        let hint = "is it an EC2 instance identity document?"
        let pending = try object.string("pendingTime", hint: hint)
        guard let pendingTime = Timestamp.parseRFC3339(pending) else {
            throw IdentityInputError("the identity document's \"pendingTime\" (\(quoted(pending))) is not an RFC 3339 time")
        }
        return IdentityDocument(
            accountID: try object.string("accountId", hint: hint), region: try object.string("region", hint: hint),
            instanceID: try object.string("instanceId", hint: hint), pendingTime: pendingTime, bytes: bytes)
    }
}

/// A small JSON object given as evidence (an identity document, a caller
/// identity), read for its string fields; every problem is an input error.
struct JSONObjectInput {
    let what: String
    let entries: YAMLEntries

    init(_ bytes: [UInt8], what: String, expected: String, sizeHint: String, limits: InputLimits) throws(IdentityInputError) {
        guard bytes.count <= limits.maxIdentityDocumentBytes else {
            throw IdentityInputError(
                "the \(what) is \(formatByteSize(bytes.count)), over the \(formatByteSize(limits.maxIdentityDocumentBytes)) limit for \("aeiou".contains(what.first ?? "x") ? "an" : "a") \(what) (\(sizeHint))")
        }
        let stream = YAMLParser(limits: limits).parse(SourceText(name: what, bytes: bytes))
        if let fatal = stream.fatal {
            throw IdentityInputError("the \(what) is not valid JSON: \(fatal.message) at \(fatal.range.start)")
        }
        guard stream.documents.count == 1, let entries = stream.documents[0].root.entries else {
            throw IdentityInputError("the \(what) must be one JSON object (\(expected))")
        }
        self.what = what
        self.entries = entries
    }

    /// A required non-empty string field.
    func string(_ key: String, hint: String) throws(IdentityInputError) -> String {
        guard let value = try optionalString(key) else { throw IdentityInputError("the \(what) has no \"\(key)\"; \(hint)") }
        return value
    }

    /// A non-empty string field, if present.
    func optionalString(_ key: String) throws(IdentityInputError) -> String? {
        guard let entry = entries.first(where: { $0.name == key }) else { return nil }
        guard let scalar = entry.value.scalar, scalar.style != .plain || ResolvedScalar(scalar) == .string, !scalar.value.isEmpty else {
            throw IdentityInputError("the \(what)'s \"\(key)\" must be a non-empty string")
        }
        return scalar.value
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
