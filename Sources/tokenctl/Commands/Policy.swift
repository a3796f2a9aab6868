import ArgumentParser
import TokenKit

struct Policy: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Print the IAM policies the EC2 join needs for the stored (or -f) tokens.",
        discussion: """
            Writes the policy documents of Teleport's EC2 guide for the ec2 tokens at hand: \
            teleport-DescribeInstances-policy (for the Auth Service's IAM identity, and for each \
            role it assumes in another account), teleport-AssumeRole-policy with one statement per \
            distinct aws_role of the tokens' allow rules, and, given --auth-account (the Auth \
            Service's AWS account), the trust policy of each role in another account, which lets \
            that account assume it. Teleport uses no external ID, so the trust policies have no \
            condition. Nothing is sent to AWS, unless --live, which takes the Auth Service's \
            account from the local credentials (sts:GetCallerIdentity).

            Text output: each document as JSON under a comment line saying where it goes, ready for \
            aws iam create-policy --policy-document (strip the comment) or the console; --format \
            json: one object with "describeInstances", "assumeRole" (null without roles), "trust" \
            and "notes".

            A role whose trust policy cannot be written (no --auth-account, or not a role ARN) is \
            named on standard error.

            Exit status: 0 printed; 1 the manifests have errors; 3 a database, credentials or AWS \
            failure; 64 a usage error.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @ParentCommand var root: Tokenctl

    @Option(help: ArgumentHelp("The Auth Service's AWS account, for the trust policies of roles in other accounts.", valueName: "account"))
    var authAccount: String?

    @Option(name: .customShort("f"), help: ArgumentHelp("Read the tokens of these manifests instead of the database (repeatable).", valueName: "manifest"), completion: .file(extensions: ["yaml", "yml", "json"]))
    var manifests: [String] = []

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @Flag(help: "Take the Auth Service's account from the local AWS credentials (sts:GetCallerIdentity).")
    var live = false

    @OptionGroup var aws: AWSOptions

    func validate() throws {
        if live && authAccount != nil { throw ValidationError("--live takes the Auth Service's account from AWS; give it or --auth-account, not both") }
        try aws.requireLive(live)
        if let authAccount, authAccount.utf8.count != 12 || !authAccount.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            throw ValidationError("--auth-account \(authAccount) is not a 12-digit AWS account ID")
        }
    }

    func run() throws {
        let environment = try CommandEnvironment.current()
        let roles: [String]
        if !manifests.isEmpty {
            let set = try ManifestInput.candidates(from: manifests, environment: environment)
            roles = set.tokens.filter { $0.joinMethod == .ec2 }.flatMap { $0.allow.map(\.awsRole) }
        } else {
            let store = try StoreAccess(flag: root.db).open(.readOnly, environment: environment)
            do { roles = try store.ec2AssumedRoles() } catch { throw environment.fail(error) }
        }
        var account = authAccount
        if live {
            account = try aws.access.session(environment: environment)
                .callerIdentity(environment: environment).account
        }
        let policies = JoinPolicies(roles: roles, authAccount: account, inputNames: .commandLine)
        environment.write(format == .json ? PolicyRendering.json(policies) : PolicyRendering.text(policies))
        for note in policies.notes { environment.printError(note) }
    }
}
