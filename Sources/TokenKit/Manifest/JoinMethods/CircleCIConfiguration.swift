/// `spec.circleci` (teleport-join-methods.md §9).
struct CircleCIConfiguration: JoinMethodConfiguration {
    let method = JoinMethod.circleci
    let schema = MethodSchema([
        MethodField("organization_id", .string),
        MethodField("allow", .objects(MethodSchema(strings: ["project_id", "context_id"]))),
    ])
    /// The typo "cirleci" is Teleport's own.
    let missingMessage: String? = "\"cirleci\" configuration must be provided for join method \"circleci\""
    let wrapper: String? = nil

    func validate(_ object: MethodObject, _ report: inout MethodReport) {
        let rules = object.requireAllow(&report, "the \"circleci\" join method requires at least one token allow rule")
        object.require(
            "organization_id", &report, "the \"circleci\" join method requires 'organization_id' to be set",
            fix: "set organization_id to the organization's ID from CircleCI's organization settings, quoted")
        for rule in rules where rule.setsNone(of: ["project_id", "context_id"]) {
            report.rule(
                rule.ruleAnchor, "allow rule for \"circleci\" must include at least \"project_id\" or \"context_id\"",
                fix: "name the project or context that may join")
        }
    }
}
