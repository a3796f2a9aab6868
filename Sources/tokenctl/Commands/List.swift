import ArgumentParser
import TokenKit

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List stored tokens, sorted by name.",
        discussion: """
            Secret names (join method "token") are masked as Teleport masks them unless \
            --with-secrets. Expired tokens are marked in the table.
            """,
        aliases: ["ls"]
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, yaml, names
    }

    @ParentCommand var root: Tokenctl

    @Option(help: "Output format: table, json, yaml or names.")
    var format: Format = .table

    @OptionGroup var secrets: SecretsOption

    @Option(help: ArgumentHelp("Only tokens with this join method.", valueName: "method"))
    var joinMethod: String?

    @Option(help: ArgumentHelp("Only tokens granting this role.", valueName: "role"))
    var role: String?

    @Option(help: ArgumentHelp("Only tokens with all these labels (k=v,...).", valueName: "labels"))
    var labels: String?

    func validate() throws {
        _ = try filter()
    }

    private func filter() throws -> TokenFilter {
        var filter = TokenFilter()
        if let joinMethod {
            guard let method = JoinMethod(rawValue: joinMethod) else {
                throw ValidationError("unknown join method \"\(joinMethod)\"; one of: \(JoinMethod.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            filter.joinMethod = method
        }
        if let role {
            filter.role = try ArgumentValue.role(role)
        }
        if let labels { filter.labels = try ArgumentValue.labels(labels) }
        return filter
    }

    func run() throws {
        let environment = try CommandEnvironment.current()
        let store = try StoreAccess(flag: root.db).open(.readOnly, environment: environment)
        do {
            let listing = TokenListing(
                now: environment.now, withSecrets: secrets.withSecrets,
                redactor: secrets.withSecrets ? .none : try store.secretRedactor())
            let filter = try filter()
            switch format {
            case .table: environment.write(listing.table(try store.summaries(matching: filter)))
            case .names:
                var output: [UInt8] = []
                try store.forEachName(matching: filter) { name, isSecret in listing.appendName(name, isSecret: isSecret, to: &output) }
                environment.write(bytes: output)
            case .json, .yaml:
                let tokens = try store.tokens(matching: filter)
                environment.write(format == .json ? listing.jsonArray(tokens) : listing.yamlDocuments(tokens))
            }
        } catch let error as StoreError {
            throw environment.fail(error)
        }
    }
}
