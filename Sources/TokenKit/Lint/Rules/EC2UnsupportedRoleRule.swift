struct EC2UnsupportedRoleRule: LintRule {
    let id = RuleID.ec2UnsupportedRole

    func check(_ subject: LintSubject) -> [Finding] {
        guard subject.token.joinMethod == .ec2 else { return [] }
        return subject.roles.filter { !$0.role.isAllowedForEC2Join }.map { entry in
            Finding(
                id, at: entry.range,
                "role \(entry.role.name) is unsupported for the EC2 join method: every join with this token would be refused for it"
            )
        }
    }
}
