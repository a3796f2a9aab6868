struct PrivilegedRoleRule: LintRule {
    let id = RuleID.privilegedRole

    func check(_ subject: LintSubject) -> [Finding] {
        subject.roles.filter { $0.role.isPrivileged }.map { entry in
            Finding(
                id, at: entry.range,
                "token grants the privileged role \(quoted(entry.role.name)): whoever joins with it administers the cluster; grant only the roles the joining service needs"
            )
        }
    }
}
