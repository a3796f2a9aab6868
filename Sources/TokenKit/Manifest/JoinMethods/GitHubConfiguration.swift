/// `spec.github` (teleport-join-methods.md §7).
struct GitHubConfiguration: JoinMethodConfiguration {
    let method = JoinMethod.github
    let schema = MethodSchema([
        MethodField(
            "allow",
            .objects(
                MethodSchema(strings: [
                    "sub", "repository", "repository_owner", "workflow", "environment", "actor", "ref", "ref_type",
                    "enterprise", "enterprise_id",
                ]))),
        MethodField("enterprise_server_host", .string),
        MethodField("enterprise_slug", .string),
        MethodField("static_jwks", .string),
    ])
    let missingMessage: String? = "\"github\" configuration must be provided for join method \"github\""
    let wrapper: String? = nil

    static let identifyingFields = ["repository", "repository_owner", "sub", "enterprise", "enterprise_id"]

    func validate(_ object: MethodObject, _ report: inout MethodReport) {
        for rule in object.requireAllow(&report, "the \"github\" join method requires at least one token allow rule")
        where rule.setsNone(of: Self.identifyingFields) {
            report.rule(
                rule.ruleAnchor,
                "allow rule for \"github\" must include at least one of \"repository\", \"repository_owner\", \"sub\", \"enterprise\" or \"enterprise_id\"",
                fix: "name the repository (owner/name) or its owner that may join")
        }
        let host = object.string("enterprise_server_host")
        if HostField.hasSchemeOrPath(host) {
            report.rule(
                object.valueRange("enterprise_server_host"), "'spec.github.enterprise_server_host' should not contain the scheme or path",
                fix: "give the host name only, e.g. github.example.com")
        }
        if !host.isEmpty && !object.string("enterprise_slug").isEmpty {
            report.rule(
                object.keyRange("enterprise_slug"), "'spec.github.enterprise_server_host' and `spec.github.enterprise_slug` cannot both be set",
                fix: "keep enterprise_server_host for GitHub Enterprise Server, or enterprise_slug for GitHub Enterprise Cloud")
        }
    }
}
