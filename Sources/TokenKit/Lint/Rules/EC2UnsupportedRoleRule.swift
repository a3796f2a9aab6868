struct EC2UnsupportedRoleRule: LintRule {
    let id = RuleID.ec2UnsupportedRole
    var summary: String { "A role the EC2 join method refuses." }

    func check(_ subject: LintSubject) -> [Finding] {
        guard subject.token.joinMethod == .ec2 else { return [] }
        var findings: [Finding] = []
        for index in subject.roleIndices where !subject.token.roles[index].isAllowedForEC2Join {
            findings.append(
                Finding(
                    id, at: subject.source.roles[index].range,
                    "role \(subject.token.roles[index].name) is unsupported for the EC2 join method: every join with this token would be refused for it"
                ))
        }
        return findings
    }
}

extension RuleID {
    static let ec2UnsupportedRole = RuleID(warning: "ec2-unsupported-role", catalogue: 16)
}
