/// `spec.env0` (teleport-join-methods.md §20.1); a missing object is taken as empty.
struct Env0Configuration: JoinMethodConfiguration {
    let method = JoinMethod.env0
    let schema = MethodSchema([
        MethodField(
            "allow",
            .objects(
                MethodSchema(strings: [
                    "organization_id", "project_id", "project_name", "template_id", "template_name",
                    "environment_id", "environment_name", "workspace_name", "deployment_type", "deployer_email",
                    "env0_tag",
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
