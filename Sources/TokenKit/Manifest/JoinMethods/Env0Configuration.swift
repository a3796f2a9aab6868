/// `spec.env0` (teleport-join-methods.md §20.1); a missing object is taken as empty.
struct Env0Configuration: JoinMethodConfiguration {
    let method = JoinMethod.env0
    let schema = MethodSchema([
        MethodField(
            "allow",
            .objects(
                MethodSchema([
                    MethodField("organization_id", .string), MethodField("project_id", .string),
                    MethodField("project_name", .string), MethodField("template_id", .string),
                    MethodField("template_name", .string), MethodField("environment_id", .string),
                    MethodField("environment_name", .string), MethodField("workspace_name", .string),
                    MethodField("deployment_type", .string), MethodField("deployer_email", .string),
                    MethodField("env0_tag", .string),
                ])))
    ])

    func validate(_ object: MethodObject, _ report: inout MethodReport) {
        for rule in object.requireAllow(&report, "the \"env0\" join method requires at least one token allow rule") {
            if rule.setsNone(of: ["organization_id"]) {
                report.missing(
                    rule.ruleAnchor, "\(rule.ruleName): organization_id must be set", fix: "set the env0 organization's ID")
            }
            if rule.setsNone(of: ["project_id", "project_name"]) {
                report.rule(
                    rule.ruleAnchor, "\(rule.ruleName): at least one of ['project_id', 'project_name'] must be set",
                    fix: "name the project whose deployments may join")
            }
        }
    }
}
