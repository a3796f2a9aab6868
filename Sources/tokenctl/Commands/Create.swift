import ArgumentParser
import TokenKit

struct Create: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Validate manifests and store their tokens.",
        discussion: """
            Every document of every file is validated first; if any has an error, nothing is \
            stored (exit 1; exit 2 for unusable input). All tokens of one invocation are written \
            in one transaction. Existing names are refused unless --force; a token whose \
            canonical resource equals the stored one is left unchanged. Warnings are printed and \
            do not stop the command.
            """
    )

    @ParentCommand var root: Tokenctl

    @Flag(name: .shortAndLong, help: "Overwrite tokens that already exist.")
    var force = false

    @Flag(help: "Validate and say what would be stored, without writing.")
    var dryRun = false

    @Argument(help: ArgumentHelp("Manifest files; '-' reads standard input.", valueName: "file"), completion: .file(extensions: ["yaml", "yml", "json"]))
    var files: [String]

    func run() throws {
        let environment = try CommandEnvironment.current()
        let tokens = try ManifestInput.tokens(
            from: PositionalArguments.expand(files), otherKinds: .reject, showWarnings: true,
            failure: "nothing was stored: fix the errors above and run create again", environment: environment)
        let store = try StoreAccess(flag: root.db).open(.createIfMissing, environment: environment)
        let actions: [(name: String, action: SaveAction)]
        let redactor: SecretRedactor
        do {
            actions = try store.save(tokens, force: force, dryRun: dryRun, now: environment.now)
            // Every secret of the store and of this invocation: one may sit inside another token's name.
            redactor = try store.secretRedactor(adding: tokens)
        } catch {
            throw environment.fail(error)
        }
        // `actions` is parallel to `tokens`.
        let conflicts = zip(tokens, actions).filter { $0.1.action == .conflict }
        if !conflicts.isEmpty {
            for (token, _) in conflicts {
                environment.printError("token \"\(printable(redactor.redactValue(token.displayName)))\" already exists; use --force to overwrite")
            }
            environment.printError("nothing was stored")
            throw ExitCode(1)
        }
        var output = ""
        output.reserveCapacity(actions.count * 48)
        for (token, (_, action)) in zip(tokens, actions) {
            let shown = "token \"\(printable(redactor.redactValue(token.displayName)))\""
            switch (action, dryRun) {
            case (.created, false): output += "\(shown) has been created\n"
            case (.updated, false): output += "\(shown) has been updated\n"
            case (.unchanged, false): output += "\(shown) is unchanged\n"
            case (.created, true): output += "\(shown) would be created\n"
            case (.updated, true): output += "\(shown) would be updated\n"
            case (.unchanged, true): output += "\(shown) would be unchanged\n"
            case (.conflict, _): break
            }
        }
        environment.write(output)
    }
}
