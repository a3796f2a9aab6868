import ArgumentParser
import TokenKit

/// `--profile` and `--timeout`, shared by the commands that go to AWS.
struct AWSOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The AWS profile of the shared config and credentials files (for AWS calls).", valueName: "name"))
    var profile: String?

    @Option(help: ArgumentHelp("Seconds each AWS request may take.", valueName: "seconds"))
    var timeout: Int = 10

    func validate() throws {
        guard (1...600).contains(timeout) else { throw ValidationError("--timeout must be 1 to 600 seconds") }
    }

    /// For the commands where AWS is optional: the options need the flag that turns it on.
    func requireLive(_ live: Bool) throws {
        if !live && (profile != nil || timeout != 10) { throw ValidationError("--profile and --timeout go with --live") }
    }

    var access: AWSAccess { AWSAccess(profile: profile, timeout: timeout) }
}

/// The AWS client of the commands that go to AWS (`check --live`,
/// `preflight`, `policy --live`): the local credentials (the Auth
/// Service's), after a profile's role hop; a credentials failure exits 3.
struct AWSAccess {
    var profile: String?
    var timeout: Int

    /// A client ready to call AWS, and where its credentials came from.
    struct Session {
        var client: AWSClient
        var region: String
        var source: String

        /// `sts:GetCallerIdentity` of the local credentials; a failure is reported and exits 3.
        func callerIdentity(environment: CommandEnvironment) throws -> AWSClient.CallerIdentityResult {
            do {
                return try client.getCallerIdentity(region: region)
            } catch {
                environment.printError("sts:GetCallerIdentity with \(source): \(error)")
                throw ExitCode(3)
            }
        }
    }

    func session(environment: CommandEnvironment) throws -> Session {
        let variables = ProcessEnvironment.awsVariables
        let chain = AWSCredentialChain(environment: variables, profile: profile)
        let region = chain.region()
        let http = HTTPClient(timeoutMilliseconds: timeout * 1000)
        do {
            let resolved = try chain.resolve(http: http, region: region, now: { CommandEnvironment.wallClock() })
            var client = AWSClient(credentials: resolved.credentials, environment: variables, http: http, now: { CommandEnvironment.wallClock() })
            if let role = resolved.roleToAssume { client.credentials = try client.assumeRole(role, region: region) }
            return Session(client: client, region: region, source: resolved.source)
        } catch {
            environment.printError("AWS credentials: \(error)")
            throw ExitCode(3)
        }
    }
}
