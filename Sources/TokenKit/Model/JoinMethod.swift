/// The join methods Teleport knows (case-sensitive).
public enum JoinMethod: String, CaseIterable, Sendable, Codable {
    case token, ec2, iam, github, circleci, kubernetes, azure, gitlab, gcp, spacelift, tpm
    case terraformCloud = "terraform_cloud"
    case bitbucket, oracle
    case azureDevops = "azure_devops"
    case boundKeypair = "bound_keypair"
    case env0
    case genericOIDC = "generic_oidc"

    /// The `spec` key holding the method's own configuration, for methods that have one.
    public var configurationKey: String? {
        switch self {
        case .token, .ec2, .iam: nil
        default: rawValue
        }
    }

    public var usesAllowRules: Bool { self == .ec2 || self == .iam }

    /// Teleport's default for an unset join method: ec2 when there are allow rules, else token.
    public static func unspecifiedDefault(hasAllowRules: Bool) -> JoinMethod {
        hasAllowRules ? .ec2 : .token
    }
}
