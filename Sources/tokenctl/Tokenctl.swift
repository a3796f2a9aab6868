import ArgumentParser
import TokenKit

@main
struct Tokenctl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenctl",
        abstract: "Lint, store and dry-run Teleport provision tokens (kind: token).",
        discussion: """
            tokenctl parses token.yaml manifests exactly as a Teleport Auth Service would, \
            and says what is wrong, where, and what to do.

            Environment: TOKENCTL_NOW (RFC 3339) replaces the clock; NO_COLOR turns colour off.

            Exit status: 0 success; 1 a negative verdict (lint errors); 2 unusable input \
            (unreadable file, YAML syntax, empty input, a limit hit); 64 a usage error.
            """,
        version: "tokenctl \(TokenKitVersion.current)",
        subcommands: [Lint.self, Version.self]
    )
}
