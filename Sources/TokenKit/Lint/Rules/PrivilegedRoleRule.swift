struct PrivilegedRoleRule: LintRule {
    let id = RuleID.privilegedRole
    var summary: String { "The token grants a privileged cluster role." }

    func check(_ subject: LintSubject) -> [Finding] {
        var findings: [Finding] = []
        for index in subject.roleIndices where subject.token.roles[index].isPrivileged {
            findings.append(
                Finding(
                    id, at: subject.source.roles[index].range,
                    "token grants the privileged role \(quoted(subject.token.roles[index].name)): whoever joins with it administers the cluster; grant only the roles the joining service needs"
                ))
        }
        return findings
    }
}

extension RuleID {
    static let privilegedRole = RuleID(warning: "privileged-role", catalogue: 10)
}
