/// `spec.azure` (teleport-join-methods.md §11).
struct AzureConfiguration: JoinMethodConfiguration {
    let method = JoinMethod.azure
    let schema = MethodSchema([
        MethodField(
            "allow",
            .objects(
                MethodSchema([
                    MethodField("subscription", .string), MethodField("resource_groups", .strings), MethodField("tenant", .string),
                ])))
    ])
    let missingMessage: String? = "\"azure\" configuration must be provided for the join method \"azure\""
    let wrapper: String? = nil

    func validate(_ object: MethodObject, _ report: inout MethodReport) {
        for rule in object.requireAllow(&report, "the \"azure\" join method requires defined azure allow rules")
        where rule.setsNone(of: ["subscription", "tenant"]) {
            report.rule(
                rule.ruleAnchor, "the \"azure\" join method requires azure allow rules with non-empty subscription or tenant",
                fix: "set the subscription ID (or the tenant ID) that may join")
        }
    }
}
