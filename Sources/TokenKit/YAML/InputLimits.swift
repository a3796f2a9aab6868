/// Bounds on the work hostile input can cause. Every limit hit is reported
/// as a `yaml-syntax` error that names the limit.
public struct InputLimits: Sendable {
    public var maxFileBytes: Int
    public var maxDocuments: Int
    public var maxDepth: Int
    /// Nodes that aliases may add to one document (a "billion laughs" guard).
    public var maxAliasExpansion: Int
    public var maxScalarBytes: Int
    public var maxIdentityDocumentBytes: Int

    public init(
        maxFileBytes: Int = 10 << 20,
        maxDocuments: Int = 100_000,
        maxDepth: Int = 64,
        maxAliasExpansion: Int = 10_000,
        maxScalarBytes: Int = 256 << 10,
        maxIdentityDocumentBytes: Int = 64 << 10
    ) {
        self.maxFileBytes = maxFileBytes
        self.maxDocuments = maxDocuments
        self.maxDepth = maxDepth
        self.maxAliasExpansion = maxAliasExpansion
        self.maxScalarBytes = maxScalarBytes
        self.maxIdentityDocumentBytes = maxIdentityDocumentBytes
    }

    public static let standard = InputLimits()

    /// The `yaml-syntax` finding for a manifest over `maxFileBytes` (size nil: a stream of unknown size).
    func fileTooLarge(size: Int?) -> Finding {
        let what = size.map { "file is \(formatByteSize($0)), over" } ?? "input is over"
        return Finding(
            .yamlSyntax, at: .point(.start),
            "\(what) the \(formatByteSize(maxFileBytes)) limit for a manifest file; split it into smaller files")
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
