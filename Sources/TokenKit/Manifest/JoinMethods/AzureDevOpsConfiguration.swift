/// `spec.azure_devops` (teleport-join-methods.md §12).
struct AzureDevOpsConfiguration: JoinMethodConfiguration {
    let method = JoinMethod.azureDevops
    let schema = MethodSchema([
        MethodField("organization_id", .string),
        MethodField(
            "allow",
            .objects(
                MethodSchema(strings: [
                    "sub", "project_name", "pipeline_name", "project_id", "definition_id", "repository_uri",
                    "repository_version", "repository_ref",
                ]))),
    ])
    let missingMessage: String? = "spec.azure_devops: must be configured for the join method \"azure_devops\""

    func validate(_ object: MethodObject, _ report: inout MethodReport) {
        // Teleport checks the rules before the organization.
        let rules = object.requireAllow(&report, "the \"azure_devops\" join method requires at least one allow rule")
        object.require(
            "organization_id", &report, "organization_id: must be set",
            fix: "set organization_id to the Azure DevOps organization's ID (a UUID)")
        for rule in rules where rule.setsNone(of: ["sub", "project_name", "project_id"]) {
            report.rule(
                rule.ruleAnchor, "\(rule.ruleName): at least one of ['sub', 'project_name', 'project_id'] must be set",
                fix: "name the project (or the pipeline's sub) that may join")
        }
    }
}
