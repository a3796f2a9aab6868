/// `spec.spacelift` (teleport-join-methods.md §14); Enterprise only.
struct SpaceliftConfiguration: JoinMethodConfiguration {
    let method = JoinMethod.spacelift
    let schema = MethodSchema([
        MethodField("hostname", .string),
        MethodField("enable_glob_matching", .bool),
        MethodField(
            "allow",
            .objects(
                MethodSchema(strings: ["space_id", "caller_id", "caller_type", "scope"]))),
    ])
    let missingMessage: String? = "spec.spacelift: must be configured for the join method \"spacelift\""

    func validate(_ object: MethodObject, _ report: inout MethodReport) {
        // Teleport checks the host name first.
        let hasHost = object.require(
            "hostname", &report, "hostname: should be set to the hostname of the spacelift tenant",
            fix: "set hostname, e.g. example.app.spacelift.io")
        if hasHost && HostField.hasSchemeOrPath(object.string("hostname")) {
            report.rule(
                object.valueRange("hostname"), "hostname: should not contain the scheme or path",
                fix: "give the host name only, e.g. example.app.spacelift.io")
        }
        for rule in object.requireAllow(&report, "allow: at least one rule must be set") where rule.setsNone(of: ["space_id", "caller_id"]) {
            report.rule(
                rule.ruleAnchor, "\(rule.ruleName): at least one of ['space_id', 'caller_id'] must be set",
                fix: "name the space or the stack/module that may join")
        }
    }
}
