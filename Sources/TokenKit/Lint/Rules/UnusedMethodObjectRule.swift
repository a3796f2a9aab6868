/// A join-method object for another method than the token's: Teleport keeps
/// it and never reads it, so it usually means a wrong `join_method`.
struct UnusedMethodObjectRule: LintRule {
    let id = RuleID.unusedMethodObject
    var summary: String { "A join-method object (spec.github, …) for another method than the token's: never read." }

    func check(_ subject: LintSubject) -> [Finding] {
        guard !subject.source.methodObjects.isEmpty else { return [] }
        let own = subject.token.joinMethod.configurationKey
        return subject.source.methodObjects.filter { $0.key != own }.sorted { $0.key < $1.key }.map { key, object in
            Finding(
                id, at: object.keyRange,
                "spec.\(key) is never read: this token's join method is \(subject.token.joinMethod.rawValue) (Teleport keeps the object, tokenctl does not store it); remove it, or set join_method: \(key)"
            )
        }
    }
}

extension RuleID {
    static let unusedMethodObject = RuleID(warning: "unused-method-object", catalogue: 23)
}
