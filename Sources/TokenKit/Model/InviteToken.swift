/// A `token`-method token as `tctl tokens add` makes it (SPEC §8): the name
/// is the secret, 32 hexadecimal characters from the system's cryptographic
/// random source unless the operator chose one, expiring after a TTL.
public enum InviteToken {
    public static let defaultTTL = GoDuration.minutes(30)

    /// 16 random bytes as 32 lowercase hexadecimal characters.
    public static func randomName<Generator: RandomNumberGenerator>(using generator: inout Generator) -> String {
        let digits = Array("0123456789abcdef")
        var name = ""
        for _ in 0..<16 {
            let byte = UInt8.random(in: 0...255, using: &generator)
            name.append(digits[Int(byte >> 4)])
            name.append(digits[Int(byte & 0x0F)])
        }
        return name
    }

    /// From the system's cryptographic random source (getrandom on Linux).
    public static func randomName() -> String {
        var generator = SystemRandomNumberGenerator()
        return randomName(using: &generator)
    }

    /// What is wrong with a chosen secret, or nil.
    public static func problem(withValue value: String) -> String? {
        if value.allSatisfy(\.isWhitespace) { return "the token value is blank" }
        if value.unicodeScalars.contains(where: isControl) { return "the token value holds a control character" }
        if SecretMask.isMaskedForm(value) {
            return "the token value is a masked secret as get and list print it, not a secret; choose a new value"
        }
        return nil
    }

    /// What is wrong with the roles (tctl's words), or nil.
    public static func problem(withRoles roles: [SystemRole]) -> String? {
        if roles.isEmpty { return "provisioning token is missing roles" }
        if roles.contains(.bot) { return "token with role \"Bot\" must set bot_name: make bot tokens with a manifest (spec.bot_name) and create" }
        var seen: Set<SystemRole> = []
        for role in roles where !seen.insert(role).inserted { return "duplicate role \(quoted(role.name))" }
        return nil
    }

    public static func make(name: String, roles: [SystemRole], labels: [String: String], expires: Timestamp) -> ProvisionToken {
        ProvisionToken(name: name, labels: labels, expires: expires, roles: roles, joinMethod: .token)
    }

    /// The one time the secret is shown: the token, its expiry, and what a node puts in its teleport.yaml.
    public static func text(_ token: ProvisionToken, ttl: GoDuration) -> String {
        let roles = token.roles.map { $0.name.lowercased() }.joined(separator: ",")
        return """
            The invite token: \(token.name)
            It expires in \(ttl), at \(token.expires?.description ?? "never"). This is the only time it is shown: other commands mask it.

            A node joins with it through its teleport.yaml:
              teleport:
                join_params:
                  method: token
                  token_name: \(token.name)
            or: teleport start --roles=\(roles) --token=\(token.name)

            """
    }

    public static func json(_ token: ProvisionToken) -> String {
        JSONValue.object([
            ("token", .string(token.name)), ("roles", .array(token.roles.map { .string($0.name) })),
            ("expires", .string(token.expires?.description ?? "")),
        ]).rendered() + "\n"
    }
}
