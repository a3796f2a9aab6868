/// `spec.tpm` (teleport-join-methods.md §15); Enterprise only.
struct TPMConfiguration: JoinMethodConfiguration {
    let method = JoinMethod.tpm
    let schema = MethodSchema([
        MethodField("ekcert_allowed_cas", .strings),
        MethodField(
            "allow",
            .objects(
                MethodSchema(strings: ["description", "ek_public_hash", "ek_certificate_serial"]))),
    ])
    let missingMessage: String? = "spec.tpm: must be configured for the join method \"tpm\""

    func validate(_ object: MethodObject, _ report: inout MethodReport) {
        // The CAs are checked before the rules.
        for (index, ca) in object.strings("ekcert_allowed_cas").enumerated() {
            let name = "ekcert_allowed_cas[\(index)]"
            let fix = "paste the CA certificate in PEM (-----BEGIN CERTIFICATE----- …)"
            switch PEMBlock.first(in: ca.value) {
            case nil: report.rule(ca.range, "\(name): no pem block found", fix: fix)
            case let block? where block.type != "CERTIFICATE":
                report.rule(ca.range, "\(name): pem block is not 'CERTIFICATE' type", fix: "the block is \(quoted(block.type)); \(fix)")
            case let block?:
                if !X509Shape.isCertificate(block.bytes) {
                    report.rule(ca.range, "\(name): parsing certificate", fix: "the block does not hold an X.509 certificate; \(fix)")
                }
            }
        }
        for rule in object.requireAllow(&report, "allow: at least one rule must be set")
        where rule.setsNone(of: ["ek_public_hash", "ek_certificate_serial"]) {
            report.rule(
                rule.ruleAnchor, "\(rule.ruleName): at least one of ['ek_public_hash', 'ek_certificate_serial'] must be set",
                fix: "give the TPM's EK public key hash (tbot tpm identify prints it) or its EK certificate serial")
        }
    }
}
