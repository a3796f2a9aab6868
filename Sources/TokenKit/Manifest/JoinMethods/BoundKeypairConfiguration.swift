/// `spec.bound_keypair` (teleport-join-methods.md §19). Teleport only applies
/// defaults here: a missing object, `onboarding` or `recovery` becomes empty,
/// and a recovery limit of 0 becomes 1. The timestamps must be RFC 3339
/// (an empty string is a decode error); the recovery mode is read only when
/// a bot joins.
struct BoundKeypairConfiguration: JoinMethodConfiguration {
    let method = JoinMethod.boundKeypair
    let schema = MethodSchema([
        MethodField(
            "onboarding",
            .object(
                MethodSchema([
                    MethodField("initial_public_key", .string), MethodField("registration_secret", .string),
                    MethodField("must_register_before", .timestamp),
                ])), default: .object([])),
        MethodField(
            "recovery", .object(MethodSchema([MethodField("limit", .uint32, default: .number("1")), MethodField("mode", .string)])),
            default: .object([])),
        MethodField("rotate_after", .timestamp),
    ])

    static let registrationSecretPath = ["onboarding", "registration_secret"]

    func validate(_ object: MethodObject, _ report: inout MethodReport) {
        // Not Teleport's rule: a masked secret from `get` would replace the real one for everybody.
        if let secret = object.object("onboarding")?.located("registration_secret"), SecretMask.isMaskedForm(secret.value) {
            var unwrapped = MethodReport(wrapper: nil, inputNames: report.inputNames)
            unwrapped.add(
                .maskedName, secret.range,
                "spec.bound_keypair.onboarding.registration_secret is a masked secret as get and list print it, not a secret",
                fix: "export tokens with \(report.inputNames.secretsShown), or leave registration_secret out and let Teleport generate one")
            report.append(unwrapped)
        }
    }
}
