import TokenKit

extension InputNames {
    /// The flags through which tokenctl takes each input.
    static let commandLine = InputNames(
        identityDocument: "--iid", signature: "--signature", callerIdentity: "--caller-arn", authAccount: "--auth-account",
        timeout: "--timeout", secretsShown: "--with-secrets", nodeConfigurationCheck: "tokenctl check --config")
}
