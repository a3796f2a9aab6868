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
        let requested = names.map(TokenName.normalize)
        let secrets: [String: String]
        let outcome: (removed: [String], missing: [String])
        do {
            secrets = try store.joinMethods(of: requested)
            outcome = try store.remove(requested)
        } catch {
            throw environment.fail(error)
        }
        var output = ""
        for name in outcome.removed {
            let shown = secrets[name] == JoinMethod.token.rawValue ? SecretMask.mask(name) : name
            output += "token \"\(shown)\" has been deleted\n"
        }
        environment.write(output)
        for name in outcome.missing {
            environment.printError("token \"\(NotFoundMask.mask(name))\" not found")
        }
        if !outcome.missing.isEmpty { throw ExitCode(1) }
    }
}
