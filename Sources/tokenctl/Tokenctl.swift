import ArgumentParser
import TokenKit

#if canImport(Glibc)
import Glibc
#endif

@main
struct Tokenctl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenctl",
        abstract: "Lint, store and dry-run Teleport provision tokens (kind: token).",
        discussion: """
            tokenctl parses token.yaml manifests exactly as a Teleport Auth Service would, \
            and says what is wrong, where, and what to do.

            Database: --db PATH, else $TOKENCTL_DB, else $XDG_DATA_HOME/tokenctl/tokens.db \
            (~/.local/share/tokenctl/tokens.db). The directory is created 0700, the file 0600; \
            commands that only read never create it. $TOKENCTL_BUSY_TIMEOUT_MS (default 5000) \
            bounds the wait for another process's lock.

            Environment: TOKENCTL_NOW (RFC 3339) replaces the clock; NO_COLOR turns colour off.

            Exit status: 0 success; 1 a negative verdict (lint errors, create refused, a named \
            token not found); 2 unusable input (unreadable file, YAML syntax, empty input, a limit \
            hit); 3 a database failure; 64 a usage error.
            """,
        version: "tokenctl \(TokenKitVersion.current)",
        subcommands: [Create.self, Add.self, Get.self, List.self, Remove.self, Lint.self, Check.self, Test.self, Policy.self, PreflightCommand.self, Version.self]
    )

    @Option(
        help: ArgumentHelp(
            "The token database: an SQLite file, or a PostgreSQL URI (postgresql://user@host/db) a team shares (default: $TOKENCTL_DB, else $XDG_DATA_HOME/tokenctl/tokens.db).",
            valueName: "path|uri"),
        completion: .file(extensions: ["db"]))
    var db: String?

    static func main() {
        #if canImport(Glibc)
        // Past a file-size limit (ulimit -f) a write must fail, so the transaction is rolled
        // back and the error reported, instead of SIGXFSZ killing the process.
        signal(SIGXFSZ, SIG_IGN)
        #endif
        // Arguments from their bytes: a file name that is not UTF-8 must still open (RawPath).
        let arguments = (1..<Int(CommandLine.argc)).map { index in
            CommandLine.unsafeArgv[index].map { RawPath.decode(UnsafeBufferPointer(start: $0, count: strlen($0)).map { UInt8(bitPattern: $0) }) } ?? ""
        }
        main(PositionalArguments.bundle(arguments))
    }
}
