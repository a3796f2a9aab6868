/// `spec.kubernetes` (teleport-join-methods.md §10).
struct KubernetesConfiguration: JoinMethodConfiguration {
    let method = JoinMethod.kubernetes
    let schema = MethodSchema([
        MethodField("type", .string, default: .string("in_cluster")),
        MethodField(
            "allow",
            .objects(
                MethodSchema(strings: ["service_account", "service_account_name", "service_account_namespace"]))),
        MethodField("static_jwks", .object(MethodSchema(strings: ["jwks"]))),
        MethodField(
            "oidc", .object(MethodSchema([MethodField("issuer", .string), MethodField("insecure_allow_http_issuer", .bool)]))),
    ])
    let missingMessage: String? = "\"kubernetes\" configuration must be provided for the join method \"kubernetes\""
    let wrapper: String? = "spec.kubernetes"

    static let types = ["in_cluster", "static_jwks", "oidc"]

    func validate(_ object: MethodObject, _ report: inout MethodReport) {
        for rule in object.requireAllow(&report, "allow: at least one rule must be set") {
            validateServiceAccount(rule, &report)
        }
        let type = object.string("type").isEmpty ? "in_cluster" : object.string("type")
        switch type {
        case "in_cluster":
            if object.has("static_jwks") {
                report.rule(
                    object.keyRange("static_jwks"), "static_jwks: must not be set when type is \"in_cluster\"",
                    fix: "remove static_jwks, or set type: static_jwks")
            }
        case "static_jwks":
            if let jwks = object.object("static_jwks") {
                jwks.require(
                    "jwks", &report, "static_jwks.jwks: must be set when type is \"static_jwks\"",
                    fix: "paste the cluster's JWKS (kubectl get --raw /openid/v1/jwks)")
            } else if !object.unusable.contains("static_jwks") {
                report.missing(
                    object.valueRange("type"), "static_jwks: must be set when type is \"static_jwks\"",
                    fix: "add static_jwks.jwks with the cluster's JWKS")
            }
        case "oidc":
            if let oidc = object.object("oidc") {
                let hasIssuer = oidc.require(
                    "issuer", &report, "oidc.issuer: must be set when type is \"oidc\"",
                    fix: "set oidc.issuer to the cluster's service account issuer URL")
                if hasIssuer, let problem = IssuerURL.problem(oidc.string("issuer"), allowHTTP: oidc.bool("insecure_allow_http_issuer")) {
                    report.rule(oidc.valueRange("issuer"), "oidc.issuer: \(problem.teleport)", fix: problem.fix)
                }
            } else if !object.unusable.contains("oidc") {
                // "types" is Teleport's own typo.
                report.missing(object.valueRange("type"), "oidc: must be set when types is \"oidc\"", fix: "add oidc.issuer")
            }
        default:
            var fix = "use one of in_cluster, static_jwks, oidc"
            if let suggestion = nearest(to: type, in: Self.types) { fix = "did you mean \(quoted(suggestion))? (types are case-sensitive)" }
            report.rule(object.valueRange("type"), "type: must be one of (in_cluster, static_jwks, oidc), got \(quoted(type))", fix: fix)
        }
    }

    private func validateServiceAccount(_ rule: MethodObject, _ report: inout MethodReport) {
        guard let account = rule.located("service_account"), !account.value.isEmpty else {
            if rule.setsNone(of: ["service_account"]) && (rule.isEmpty("service_account_name") || rule.isEmpty("service_account_namespace"))
                && !rule.unusable.contains("service_account_name") && !rule.unusable.contains("service_account_namespace")
            {
                report.rule(
                    rule.ruleAnchor, "\(rule.ruleName): must specify service_account or (service_account_name and service_account_namespace)",
                    fix: "set service_account: \"namespace:name\"")
            }
            return
        }
        // Splitting on ':' must give two parts; the Auth Service also refuses an empty one on write.
        let parts = account.value.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count != 2 || parts.contains(where: \.isEmpty) {
            report.rule(
                account.range,
                "\(rule.ruleName).service_account: name of service account should be in format \"namespace:service_account\", got \(quoted(account.value)) instead",
                fix: "write it as namespace:name, e.g. \"teleport:teleport-agent\"")
        }
    }
}
