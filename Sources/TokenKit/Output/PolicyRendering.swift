/// `policy` output: each document as JSON under a comment saying where it goes, or all as one JSON object.
public enum PolicyRendering {
    public static func text(_ policies: JoinPolicies) -> String {
        var output = ""
        for document in policies.documents {
            if !output.isEmpty { output += "\n" }
            output += "# \(printable(document.name)): \(printable(document.attach))\n"
            output += document.policy.rendered() + "\n"
        }
        if policies.assumeRole == nil {
            output += "\n# no ec2 token names an aws_role: the Auth Service calls DescribeInstances with its own credentials, so it needs no AssumeRole policy\n"
        }
        return output
    }

    public static func json(_ policies: JoinPolicies) -> String {
        func document(_ document: JoinPolicies.Document) -> JSONValue {
            var members: [(String, JSONValue)] = [("name", .string(document.name)), ("attach", .string(document.attach))]
            if let role = document.role { members.append(("role", .string(role))) }
            members.append(("policy", document.policy))
            return .object(members)
        }
        return JSONValue.object([
            ("describeInstances", document(policies.describeInstances)),
            ("assumeRole", policies.assumeRole.map(document) ?? .null),
            ("trust", .array(policies.trust.map(document))),
            ("notes", .array(policies.notes.map { .string($0) })),
        ]).rendered() + "\n"
    }
}
