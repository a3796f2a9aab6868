/// `spec.gcp` (teleport-join-methods.md §13).
struct GCPConfiguration: JoinMethodConfiguration {
    let method = JoinMethod.gcp
    let schema = MethodSchema([
        MethodField(
            "allow",
            .objects(
                MethodSchema([
                    MethodField("project_ids", .strings), MethodField("locations", .strings),
                    MethodField("service_accounts", .strings),
                ])))
    ])
    let missingMessage: String? = "\"gcp\" configuration must be provided for the join method \"gcp\""
    let wrapper: String? = nil

    func validate(_ object: MethodObject, _ report: inout MethodReport) {
        for rule in object.requireAllow(&report, "the \"gcp\" join method requires at least one token allow rule")
        where rule.setsNone(of: ["project_ids"]) {
            report.rule(
                rule.has("project_ids") ? rule.valueRange("project_ids") : rule.ruleAnchor,
                "the \"gcp\" join method requires gcp allow rules with at least one project ID",
                fix: "list the project IDs whose service accounts may join")
        }
    }
}
