/// `spec.gitlab` (teleport-join-methods.md §8).
struct GitLabConfiguration: JoinMethodConfiguration {
    let method = JoinMethod.gitlab
    let schema = MethodSchema([
        MethodField(
            "allow",
            .objects(
                MethodSchema([
                    MethodField("sub", .string), MethodField("project_path", .string), MethodField("namespace_path", .string),
                    MethodField("pipeline_source", .string), MethodField("environment", .string),
                    MethodField("user_login", .string), MethodField("user_id", .string), MethodField("user_email", .string),
                    MethodField("ref", .string), MethodField("ref_type", .string), MethodField("ref_protected", .boolOption),
                    MethodField("environment_protected", .boolOption), MethodField("ci_config_sha", .string),
                    MethodField("ci_config_ref_uri", .string), MethodField("deployment_tier", .string),
                    MethodField("project_visibility", .string),
                ]))),
        MethodField("domain", .string, default: .string("gitlab.com")),
        MethodField("static_jwks", .string),
    ])
    let missingMessage: String? = "\"gitlab\" configuration must be provided for the join method \"gitlab\""
    let wrapper: String? = nil

    static let identifyingFields = ["sub", "project_path", "namespace_path", "ci_config_ref_uri"]

    func validate(_ object: MethodObject, _ report: inout MethodReport) {
        for rule in object.requireAllow(&report, "the \"gitlab\" join method requires defined gitlab allow rules")
        where rule.setsNone(of: Self.identifyingFields) {
            report.rule(
                rule.ruleAnchor,
                "the \"gitlab\" join method requires allow rules with at least one of ['sub', 'project_path', 'namespace_path', 'ci_config_ref_uri'] to ensure security.",
                fix: "name the project (group/project) or namespace that may join")
        }
        if HostField.hasSchemeOrPath(object.string("domain")) {
            report.rule(
                object.valueRange("domain"), "'spec.gitlab.domain' should not contain the scheme or path",
                fix: "give the host name only, e.g. gitlab.example.com")
        }
    }
}
