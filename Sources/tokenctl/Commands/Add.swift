import ArgumentParser
import TokenKit

struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Mint a secret (join method token) token, as tctl tokens add does.",
        discussion: """
            The name is the secret: 32 hexadecimal characters from the system's cryptographic random source, \
            unless --value gives one (refused when it exists). It is stored like any token and printed once, \
            with its expiry and the join_params a node's teleport.yaml needs; every other command masks it.

            Example: tokenctl add --type node,app --ttl 1h --labels env=prod
            """
    )

    @ParentCommand var root: Tokenctl

    @Option(help: ArgumentHelp("The roles, comma-separated (node, app, db, kube, …; any case).", valueName: "roles"))
    var type: String

    @Option(help: ArgumentHelp("How long the token stays valid (Go duration syntax).", valueName: "duration"))
    var ttl: String = "30m"

    @Option(help: ArgumentHelp("The secret to use instead of a random one.", valueName: "name"))
    var value: String?

    @Option(help: ArgumentHelp("Labels (k=v,...).", valueName: "labels"))
    var labels: String?

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    enum Format: String, ExpressibleByArgument { case text, json }

    func validate() throws {
        _ = try roles()
        _ = try duration()
        _ = try ArgumentValue.labels(labels ?? "")
        if let value, let problem = InviteToken.problem(withValue: value) { throw ValidationError("--value: \(problem)") }
    }

    private func roles() throws -> [SystemRole] {
        let roles = try type.split(separator: ",", omittingEmptySubsequences: false).map {
            try ArgumentValue.role(String($0).trimmingCharacters(in: .whitespaces))
        }
        if let problem = InviteToken.problem(withRoles: roles) { throw ValidationError("--type: \(problem)") }
        return roles
    }

    private func duration() throws -> GoDuration {
        let parsed: GoDuration
        do { parsed = try GoDuration.parse(ttl) } catch { throw ValidationError("--ttl: \(error.message); use a Go duration such as 30m or 2h") }
        guard parsed.nanoseconds > 0 else { throw ValidationError("--ttl must be positive, e.g. 30m") }
        return parsed
    }

    func run() throws {
        let environment = try CommandEnvironment.current()
        let ttl = try duration()
        var labelMap: [String: String] = [:]
        for (key, value) in try ArgumentValue.labels(labels ?? "") { labelMap[key] = value }
        let token = InviteToken.make(
            name: value ?? InviteToken.randomName(), roles: try roles(), labels: labelMap,
            expires: Timestamp(seconds: environment.now.adding(ttl).seconds))
        let store = try StoreAccess(flag: root.db).open(.createIfMissing, environment: environment)
        let actions: [(name: String, action: SaveAction)]
        do { actions = try store.save([token], force: false, dryRun: false, now: environment.now) } catch { throw environment.fail(error) }
        if actions.first?.action == .conflict {
            environment.printError("a token with that value already exists; choose another --value, or leave it out for a random one")
            throw ExitCode(1)
        }
        environment.write(format == .json ? InviteToken.json(token) : InviteToken.text(token, ttl: ttl))
    }
}
