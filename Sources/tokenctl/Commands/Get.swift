import ArgumentParser
import TokenKit

struct Get: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Print stored tokens as canonical manifests.",
        discussion: """
            All tokens when no NAME is given. NAME may be written token/NAME. Several tokens are \
            separated by --- (yaml) or form a JSON array (json). Secret names are masked unless \
            --with-secrets, so `tokenctl get --with-secrets NAME | tokenctl create --force -` \
            changes nothing.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case yaml, json
    }

    @ParentCommand var root: Tokenctl

    @Option(help: "Output format: yaml or json.")
    var format: Format = .yaml

    @OptionGroup var secrets: SecretsOption

    @Argument(help: ArgumentHelp("Token names.", valueName: "name"), completion: .custom(TokenName.completions))
    var names: [String] = []

    func run() throws {
        let environment = try CommandEnvironment.current()
        let store = try StoreAccess(flag: root.db).open(.readOnly, environment: environment)
        let names = PositionalArguments.expand(self.names)
        let requested = names.isEmpty ? nil : names.map(TokenName.normalize)
        let (tokens, missing): ([ProvisionToken], [String])
        let listing: TokenListing
        do {
            if let requested {
                (tokens, missing) = try store.tokens(named: requested)
            } else {
                (tokens, missing) = (try store.tokens(), [])
            }
            listing = TokenListing(
                now: environment.now, withSecrets: secrets.withSecrets,
                redactor: secrets.withSecrets ? .none : try store.secretRedactor())
        } catch {
            throw environment.fail(error)
        }
        switch format {
        case .yaml: environment.write(listing.yamlDocuments(tokens))
        case .json:
            environment.write(
                tokens.count == 1 && requested?.count == 1
                    ? listing.resources(tokens)[0].rendered() + "\n" : listing.jsonArray(tokens))
        }
        if listing.masksSomething(tokens) {
            environment.printError("note: secret token names (and registration secrets) are masked; use --with-secrets to show them")
        }
        for name in missing {
            environment.printError("token \"\(NotFoundMask.mask(name))\" not found")
        }
        if !missing.isEmpty { throw ExitCode(1) }
    }
}
