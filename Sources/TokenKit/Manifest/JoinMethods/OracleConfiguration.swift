/// `spec.oracle` (teleport-join-methods.md §17): Teleport's own checks, then
/// the Auth Service's check of every OCID and region when the token is written.
struct OracleConfiguration: JoinMethodConfiguration {
    let method = JoinMethod.oracle
    let schema = MethodSchema([
        MethodField(
            "allow",
            .objects(
                MethodSchema([
                    MethodField("tenancy", .string), MethodField("parent_compartments", .strings),
                    MethodField("regions", .strings), MethodField("instances", .strings),
                ])))
    ])
    let missingMessage: String? = "spec.oracle: must be configured for the join method \"oracle\""

    static let maximumInstances = 100

    func validate(_ object: MethodObject, _ report: inout MethodReport) {
        let rules = object.requireAllow(&report, "the \"oracle\" join method requires at least one allow rule")
        for rule in rules {
            if rule.setsNone(of: ["tenancy"]) {
                report.missing(rule.ruleAnchor, "\(rule.ruleName): tenancy must be set", fix: "set the tenancy's OCID (ocid1.tenancy.oc1..…)")
            }
            let instances = rule.strings("instances")
            if instances.count > Self.maximumInstances {
                report.rule(
                    rule.keyRange("instances"), "\(rule.ruleName): maximum 100 instances may be set (found \(instances.count))",
                    fix: "split the instances over several rules, or match them by compartment")
            }
        }
        // The Auth Service's checks (not wrapped): every OCID's shape, realm and region, every region.
        var unwrapped = MethodReport(wrapper: nil, inputNames: report.inputNames)
        for rule in rules {
            if let tenancy = rule.located("tenancy"), !tenancy.value.isEmpty, let problem = OracleOCID.problem(tenancy.value) {
                unwrapped.rule(tenancy.range, "invalid tenant: \(tenancy.value)", fix: problem)
            }
            for compartment in rule.strings("parent_compartments") {
                if let problem = OracleOCID.problem(compartment.value) {
                    unwrapped.rule(compartment.range, "invalid compartment: \(compartment.value)", fix: problem)
                }
            }
            for region in rule.strings("regions") where OracleRegions.region(named: region.value) == nil {
                unwrapped.rule(
                    region.range, "invalid region: \(region.value)",
                    fix: "use an OCI region name (us-phoenix-1) or its key (phx); tokenctl knows the regions of the OCI Go SDK v65 (2025)")
            }
            for instance in rule.strings("instances") {
                if let problem = OracleOCID.problem(instance.value) {
                    unwrapped.rule(instance.range, "invalid instance OCID: \(instance.value)", fix: problem)
                }
            }
        }
        report.append(unwrapped)
    }
}
