/// `spec.generic_oidc` (teleport-join-methods.md §20.2); a missing object is
/// taken as empty. `must_match_fields` is kept exactly as written: how
/// Teleport decodes it is not verified.
struct GenericOIDCConfiguration: JoinMethodConfiguration {
    let method = JoinMethod.genericOIDC

    private static var valueOperator: MethodFieldType { .object(MethodSchema(strings: ["value"])) }
    private static var valuesOperator: MethodFieldType { .object(MethodSchema([MethodField("values", .strings)])) }
    static let operators = ["eq", "not_eq", "in", "not_in"]

    let schema = MethodSchema([
        MethodField("issuer", .string),
        MethodField("insecure_allow_http_issuer", .bool),
        MethodField("audience", .string),
        MethodField("static_jwks", .string),
        MethodField("tls_ca", .string),
        MethodField("must_match_fields", .verbatim),
        MethodField(
            "allow_any",
            .objects(
                MethodSchema([
                    MethodField("expression", .string),
                    MethodField(
                        "conditions",
                        .objects(
                            MethodSchema([
                                MethodField("attribute", .string), MethodField("eq", valueOperator),
                                MethodField("not_eq", valueOperator), MethodField("in", valuesOperator),
                                MethodField("not_in", valuesOperator),
                            ]))),
                ]))),
    ])

    func validate(_ object: MethodObject, _ report: inout MethodReport) {
        object.require(
            "issuer", &report, "generic_oidc: issuer is required",
            fix: "set issuer to the identity provider's https URL")
        object.require(
            "audience", &report, "generic_oidc: audience is required",
            fix: "set audience to the value the provider puts in the token's aud claim")
        let rules = object.objects("allow_any")
        if object.setsNone(of: ["must_match_fields", "allow_any"]) {
            report.missing(
                object.isPresent ? object.keyRange : object.range,
                "the \"generic_oidc\" join method requires at least one rule under either `must_match_fields` or `allow_any`",
                fix: "add must_match_fields with the claims a joining workload must present")
        }
        for (index, rule) in rules.enumerated() {
            let name = "allow_any[\(index)]"
            let hasExpression = !rule.isEmpty("expression")
            let hasConditions = !rule.isEmpty("conditions")
            if !hasExpression && !hasConditions && !rule.unusable.contains("expression") && !rule.unusable.contains("conditions") {
                report.rule(rule.ruleAnchor, "\(name): either `expression` or `conditions` must be set", fix: "give one of them")
            } else if hasExpression && hasConditions {
                report.rule(rule.keyRange("conditions"), "\(name): only one of `expression` or `conditions` may be set", fix: "keep one of them")
            }
            for (number, condition) in rule.objects("conditions").enumerated() {
                let conditionName = "\(name).conditions[\(number)]"
                if condition.setsNone(of: ["attribute"]) {
                    report.missing(condition.ruleAnchor, "\(conditionName): attribute is required", fix: "name the claim, as a dot path")
                }
                if Self.operators.filter(condition.has).count != 1 {
                    report.rule(
                        condition.ruleAnchor, "\(conditionName): exactly one operator is required",
                        fix: "use one of eq, not_eq (with value) or in, not_in (with values)")
                }
            }
        }
        // The issuer's form is checked last.
        if !object.isEmpty("issuer"), let problem = IssuerURL.problem(object.string("issuer"), allowHTTP: object.bool("insecure_allow_http_issuer")) {
            report.rule(object.valueRange("issuer"), "issuer: \(problem.teleport)", fix: problem.fix)
        }
    }
}
