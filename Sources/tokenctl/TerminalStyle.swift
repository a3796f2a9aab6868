import TokenKit

/// Colours for a terminal (SGR codes), by what the library says the text is.
enum TerminalStyle {
    static let ansi = TextStyle { text, role in
        let code =
            switch role {
            case .error, .verdictDenied: "1;31"
            case .warning: "1;33"
            case .location: "1"
            case .muted: "2"
            case .caret, .verdictAllowed: "1;32"
            case .good: "32"
            case .bad: "31"
            }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    /// Coloured on a terminal (without NO_COLOR), plain otherwise.
    static func forStream(isTerminal: Bool) -> TextStyle { isTerminal ? ansi : .plain }
}
