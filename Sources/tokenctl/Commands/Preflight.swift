import ArgumentParser
import TokenKit

struct PreflightCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preflight",
        abstract: "Check every ec2 rule's AWS side with the Auth Service's credentials.",
        discussion: """
            For every stored (or -f) ec2 token and allow rule, with the local AWS credentials (run it \
            where the Auth Service's credentials are): sts:AssumeRole into the rule's aws_role, then \
            ec2:DescribeInstances with DryRun=true in each region the rule allows (the credentials' \
            region when it allows any), as that role or with the credentials themselves. A rule \
            without aws_role whose aws_account is not the caller's account is flagged: Teleport \
            would call DescribeInstances in its own account. Each distinct role and (role, region) \
            pair is checked once; requests run concurrently (--concurrency), each bounded by \
            --timeout.

            Credentials and endpoints as for check --live: AWS_ACCESS_KEY_ID / \
            AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, else the shared files' profile (--profile); \
            AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL_EC2.

            Output: a table (token, rule, account, region, role, result) or --format json. Exit \
            status: 0 every rule passed; 1 some did not; 2 unusable manifests; 3 a database, \
            credentials or STS failure; 64 a usage error.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @ParentCommand var root: Tokenctl

    @Option(name: .customShort("f"), help: ArgumentHelp("Check the tokens of these manifests instead of the database (repeatable).", valueName: "manifest"), completion: .file(extensions: ["yaml", "yml", "json"]))
    var manifests: [String] = []

    @OptionGroup var aws: AWSOptions

    @Option(help: ArgumentHelp("How many AWS requests may run at once.", valueName: "n"))
    var concurrency: Int = 16

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    func validate() throws {
        guard (1...64).contains(concurrency) else { throw ValidationError("--concurrency must be 1 to 64") }
    }

    func run() throws {
        let environment = try CommandEnvironment.current()
        let tokens: [ProvisionToken]
        if !manifests.isEmpty {
            tokens = try ManifestInput.candidates(from: manifests, environment: environment).tokens
        } else {
            let store = try StoreAccess(flag: root.db).open(.readOnly, environment: environment)
            do { tokens = try store.tokens(matching: TokenFilter()) } catch { throw environment.fail(error) }
        }
        let session = try aws.access.session(environment: environment)
        let caller = try session.callerIdentity(environment: environment)
        let rows = Preflight(client: session.client, region: session.region, concurrency: concurrency).run(tokens, callerAccount: caller.account)
        environment.write(format == .json ? PreflightRendering.json(rows) : PreflightRendering.text(rows))
        if rows.contains(where: { !$0.passed }) { throw ExitCode(1) }
    }
}
