/// `spec.bitbucket` (teleport-join-methods.md §18).
struct BitbucketConfiguration: JoinMethodConfiguration {
    let method = JoinMethod.bitbucket
    let schema = MethodSchema([
        MethodField("audience", .string),
        MethodField("identity_provider_url", .string),
        MethodField(
            "allow",
            .objects(
                MethodSchema(strings: [
                    "workspace_uuid", "repository_uuid", "deployment_environment_uuid", "branch_name",
                ]))),
    ])
    let missingMessage: String? = "spec.bitbucket: must be configured for the join method \"bitbucket\""

    func validate(_ object: MethodObject, _ report: inout MethodReport) {
        let rules = object.requireAllow(&report, "the \"bitbucket\" join method requires at least one token allow rule")
        object.require(
            "audience", &report, "audience: an OpenID Connect Audience value is required",
            fix: "copy the audience from the repository's OpenID Connect settings")
        object.require(
            "identity_provider_url", &report, "identity_provider_url: an identity provider URL is required",
            fix: "copy the identity provider URL from the repository's OpenID Connect settings")
        for rule in rules where rule.setsNone(of: ["workspace_uuid", "repository_uuid"]) {
            report.rule(
                rule.ruleAnchor, "\(rule.ruleName): at least one of ['workspace_uuid', 'repository_uuid'] must be set",
                fix: "name the workspace or repository UUID (with its braces) that may join")
        }
    }
}
