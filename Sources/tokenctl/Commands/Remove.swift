import ArgumentParser
import TokenKit

struct Remove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Delete tokens.",
        discussion: """
            NAME may be written token/NAME. The names found are deleted in one transaction; each \
            missing one is reported (masked, as Teleport does) and the exit status is 1.
            """
    )

    @ParentCommand var root: Tokenctl

    @Argument(help: ArgumentHelp("Token names.", valueName: "name"), completion: .custom(TokenName.completions))
    var names: [String]

    func run() throws {
        let environment = try CommandEnvironment.current()
        let store = try StoreAccess(flag: root.db).open(.writeExisting, environment: environment)
        let requested = PositionalArguments.expand(names).map(TokenName.normalize)
        let redactor: SecretRedactor
        let outcome: (removed: [String], missing: [String])
        do {
            // Before the names go: a removed secret may still sit inside another name printed here.
            redactor = try store.secretRedactor()
            outcome = try store.remove(requested)
        } catch {
            throw environment.fail(error)
        }
        var output = ""
        for name in outcome.removed {
            let shown = printable(redactor.redactValue(name))
            output += "token \"\(shown)\" has been deleted\n"
        }
        environment.write(output)
        for name in outcome.missing {
            environment.printError("token \"\(printable(redactor.redactValue(NotFoundMask.mask(name))))\" not found")
        }
        if !outcome.missing.isEmpty { throw ExitCode(1) }
    }
}
