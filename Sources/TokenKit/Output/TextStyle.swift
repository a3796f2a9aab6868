/// What a piece of rendered text is, so that the command line may colour it:
/// the library marks roles and never writes terminal escape codes itself.
public enum TextRole: Sendable {
    /// A lint error's severity word; a warning's.
    case error, warning
    /// file:line:col.
    case location
    /// Rule ids, gutters, skipped steps: read past.
    case muted
    /// The caret line under an echoed source line.
    case caret
    /// A passed step or allowed token; a failed step or denied token.
    case good, bad
    /// The verdict line of check, allowed or denied.
    case verdictAllowed, verdictDenied
}

/// How renderers mark text of a role: plain by default.
public struct TextStyle: Sendable {
    public let apply: @Sendable (String, TextRole) -> String

    public init(apply: @escaping @Sendable (String, TextRole) -> String) {
        self.apply = apply
    }

    public static let plain = TextStyle { text, _ in text }
}
