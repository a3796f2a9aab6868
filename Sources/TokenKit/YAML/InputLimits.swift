/// Bounds on the work hostile input can cause. Every limit hit is reported
/// with the limit named: manifests as a `yaml-syntax` error, identity input
/// as `check`'s input error, both with the file.
public struct InputLimits: Sendable {
    public var maxFileBytes: Int
    public var maxDocuments: Int
    public var maxDepth: Int
    /// Nodes that aliases may add to one document (a "billion laughs" guard).
    public var maxAliasExpansion: Int
    public var maxScalarBytes: Int
    /// The identity document's JSON (real ones are under 1 KiB).
    public var maxIdentityDocumentBytes: Int
    /// An identity document or signature file as read: the signed blob, base64 or PEM
    /// around the document (real blobs are a few KiB).
    public var maxIdentityInputBytes: Int

    public init(
        maxFileBytes: Int = 10 << 20,
        maxDocuments: Int = 100_000,
        maxDepth: Int = 64,
        maxAliasExpansion: Int = 10_000,
        maxScalarBytes: Int = 256 << 10,
        maxIdentityDocumentBytes: Int = 64 << 10,
        maxIdentityInputBytes: Int = 256 << 10
    ) {
        self.maxFileBytes = maxFileBytes
        self.maxDocuments = maxDocuments
        self.maxDepth = maxDepth
        self.maxAliasExpansion = maxAliasExpansion
        self.maxScalarBytes = maxScalarBytes
        self.maxIdentityDocumentBytes = maxIdentityDocumentBytes
        self.maxIdentityInputBytes = maxIdentityInputBytes
    }

    public static let standard = InputLimits()

    /// The `yaml-syntax` finding for a manifest over `maxFileBytes` (size nil: a stream of unknown size).
    public func fileTooLarge(size: Int?) -> Finding {
        let what = size.map { "file is \(formatByteSize($0)), over" } ?? "input is over"
        return Finding(
            .yamlSyntax, at: .point(.start),
            "\(what) the \(formatByteSize(maxFileBytes)) limit for a manifest file; split it into smaller files")
    }
}

extension InputLimits {
    /// The manifest limits in words, for help texts.
    public var manifestSummary: String {
        "\(formatByteSize(maxFileBytes)) per file, \(maxDocuments.formatted(groupingSeparator: ",")) documents per file, "
            + "nesting \(maxDepth) levels deep, \(maxAliasExpansion.formatted(groupingSeparator: ",")) nodes added by aliases "
            + "per document, \(formatByteSize(maxScalarBytes)) per scalar"
    }

    /// The identity input limits in words, for help texts.
    public func identitySummary(_ names: InputNames) -> String {
        "\(formatByteSize(maxIdentityInputBytes)) per \(names.identityDocument) or \(names.signature) file, \(formatByteSize(maxIdentityDocumentBytes)) for the JSON document inside"
    }

    /// What `check` says of an identity input over `maxIdentityInputBytes` (size nil: a stream).
    public func identityInputTooLarge(size: Int?) -> String {
        let what = size.map { "is \(formatByteSize($0)), over" } ?? "is over"
        return "\(what) the \(formatByteSize(maxIdentityInputBytes)) limit for identity input (an identity document or its signed blob is a few KiB); is this the right file?"
    }
}

func formatByteSize(_ bytes: Int) -> String {
    if bytes >= 1 << 20 {
        let tenths = (bytes * 10) / (1 << 20)
        return tenths % 10 == 0 ? "\(tenths / 10) MiB" : "\(tenths / 10).\(tenths % 10) MiB"
    }
    if bytes >= 1 << 10 { return "\(bytes >> 10) KiB" }
    return "\(bytes) bytes"
}

extension Int {
    /// `100000` as `100,000`.
    fileprivate func formatted(groupingSeparator separator: String) -> String {
        let digits = String(magnitude)
        var groups: [Substring] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(digits[start..<end], at: 0)
            end = start
        }
        return (self < 0 ? "-" : "") + groups.joined(separator: separator)
    }
}
