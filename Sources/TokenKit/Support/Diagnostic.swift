public enum Severity: String, Sendable, Comparable {
    case warning
    case error

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        lhs == .warning && rhs == .error
    }
}

/// The one currency between parsing, validation, lint rules and rendering.
public struct Diagnostic: Hashable, Sendable {
    public var file: String
    public var range: SourceRange
    public var severity: Severity
    public var rule: RuleID
    public var message: String
    /// The document's token name, already masked when it is a secret.
    public var token: String?
    /// Another place the message refers to (the first occurrence of a duplicate).
    public var related: RelatedLocation?
    /// Masks the secret names wherever this diagnostic shows source text.
    public var secrets = SecretRedactor.none

    public init(
        file: String, range: SourceRange, severity: Severity, rule: RuleID, message: String,
        token: String? = nil, related: RelatedLocation? = nil
    ) {
        self.file = file
        self.range = range
        self.severity = severity
        self.rule = rule
        self.message = message
        self.token = token
        self.related = related
    }

    public var position: SourcePosition { range.start }
}

public struct RelatedLocation: Hashable, Sendable {
    public var file: String
    public var range: SourceRange
    public var message: String

    public init(file: String, range: SourceRange, message: String) {
        self.file = file
        self.range = range
        self.message = message
    }
}

/// Findings before they are tied to a file: what decoding and validation produce.
public struct Finding: Hashable, Sendable {
    public var range: SourceRange
    public var rule: RuleID
    public var message: String
    public var related: SourceRange?
    /// The file of `related` when it is not the finding's own.
    public var relatedFile: String?

    public init(
        _ rule: RuleID, at range: SourceRange, _ message: String, related: SourceRange? = nil, relatedFile: String? = nil
    ) {
        self.rule = rule
        self.range = range
        self.message = message
        self.related = related
        self.relatedFile = relatedFile
    }
}
