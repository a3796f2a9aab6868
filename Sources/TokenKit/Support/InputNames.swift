/// How the program in front of the library lets an operator give each input.
/// Messages that tell the operator what to give next word the input with
/// these names, so the library itself names no flag; `plain` describes each
/// input in words for a caller without flags of its own.
public struct InputNames: Sendable {
    /// The EC2 instance identity document.
    public var identityDocument: String
    /// The detached PKCS #7 signature of an identity document.
    public var signature: String
    /// The IAM caller identity (an ARN).
    public var callerIdentity: String
    /// The AWS account the Teleport Auth Service runs in.
    public var authAccount: String
    /// How long to wait for AWS.
    public var timeout: String
    /// Printing tokens with their secrets.
    public var secretsShown: String
    /// Checking a node's teleport.yaml against the tokens.
    public var nodeConfigurationCheck: String

    public init(
        identityDocument: String, signature: String, callerIdentity: String, authAccount: String, timeout: String,
        secretsShown: String, nodeConfigurationCheck: String
    ) {
        self.identityDocument = identityDocument
        self.signature = signature
        self.callerIdentity = callerIdentity
        self.authAccount = authAccount
        self.timeout = timeout
        self.secretsShown = secretsShown
        self.nodeConfigurationCheck = nodeConfigurationCheck
    }

    public static let plain = InputNames(
        identityDocument: "an identity document", signature: "a signature", callerIdentity: "a caller identity",
        authAccount: "the Auth Service's account", timeout: "the time allowed", secretsShown: "their secrets shown",
        nodeConfigurationCheck: "a check of the node's configuration")
}
