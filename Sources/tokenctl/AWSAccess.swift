import ArgumentParser
import TokenKit

/// The AWS client of the commands that go to AWS (`check --live`,
/// `preflight`): the local credentials (the Auth Service's), after a
/// profile's role hop; a credentials failure exits 3.
struct AWSAccess {
    var profile: String?
    var timeout: Int

    func client(environment: CommandEnvironment) throws -> (client: AWSClient, region: String, source: String) {
        let variables = ProcessEnvironment.awsVariables
        let chain = AWSCredentialChain(environment: variables, profile: profile)
        let region = chain.region()
        let http = HTTPClient(timeoutMilliseconds: timeout * 1000)
        do {
            let resolved = try chain.resolve(http: http, region: region, now: { CommandEnvironment.wallClock() })
            var client = AWSClient(credentials: resolved.credentials, environment: variables, http: http, now: { CommandEnvironment.wallClock() })
            if let role = resolved.roleToAssume { client.credentials = try client.assumeRole(role, region: region) }
            return (client, region, resolved.source)
        } catch {
            environment.printError("AWS credentials: \(error)")
            throw ExitCode(3)
        }
    }
}
