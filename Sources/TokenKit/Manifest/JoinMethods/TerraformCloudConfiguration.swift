/// `spec.terraform_cloud` (teleport-join-methods.md §16).
struct TerraformCloudConfiguration: JoinMethodConfiguration {
    let method = JoinMethod.terraformCloud
    let schema = MethodSchema([
        MethodField("audience", .string),
        MethodField("hostname", .string),
        MethodField(
            "allow",
            .objects(
                MethodSchema(strings: [
                    "organization_id", "organization_name", "project_id", "project_name", "workspace_id",
                    "workspace_name", "run_phase",
                ]))),
    ])
    let missingMessage: String? = "spec.terraform_cloud: must be configured for the join method \"terraform_cloud\""

    func validate(_ object: MethodObject, _ report: inout MethodReport) {
        for rule in object.requireAllow(&report, "the \"terraform_cloud\" join method requires at least one token allow rule") {
            if rule.setsNone(of: ["organization_id", "organization_name"]) {
                report.rule(
                    rule.ruleAnchor, "\(rule.ruleName): one of ['organization_id', 'organization_name'] must be set",
                    fix: "name the organization whose runs may join")
            }
            if rule.setsNone(of: ["project_id", "project_name", "workspace_id", "workspace_name"]) {
                report.rule(
                    rule.ruleAnchor,
                    "\(rule.ruleName): at least one of ['project_id', 'project_name', 'workspace_id', 'workspace_name'] must be set",
                    fix: "name the project or workspace whose runs may join")
            }
        }
    }
}
