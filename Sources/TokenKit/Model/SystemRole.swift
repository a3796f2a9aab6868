/// A Teleport system role, in its canonical spelling.
public struct SystemRole: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let name: String

    private init(name: String) {
        self.name = name
    }

    public static let canonicalNames = [
        "Auth", "Node", "Proxy", "Admin", "ProvisionToken", "Trusted_cluster", "Signup", "Nop", "RemoteProxy",
        "Kube", "App", "Db", "WindowsDesktop", "Bot", "Instance", "Discovery", "Okta", "MDM",
    ]

    private static let canonicalSet = Set(canonicalNames)

    private static let byLowercasedName: [String: String] = {
        var table: [String: String] = [:]
        for name in canonicalNames { table[name.lowercased()] = name }
        table["trustedcluster"] = "Trusted_cluster"
        table["remote_proxy"] = "RemoteProxy"
        table["windows_desktop"] = "WindowsDesktop"
        return table
    }()

    /// Case-insensitive and trimmed, with Teleport's aliases; nil when not registered.
    public init?(_ text: String) {
        // Most manifests spell roles canonically already.
        if SystemRole.canonicalSet.contains(text) {
            name = text
            return
        }
        let key = text.trimmingASCIIWhitespace().lowercased()
        guard let name = SystemRole.byLowercasedName[key] else { return nil }
        self.name = name
    }

    public static let node = SystemRole(name: "Node")
    public static let bot = SystemRole(name: "Bot")

    /// Roles a token should not hand out lightly: they administer the cluster.
    public var isPrivileged: Bool {
        ["Auth", "Admin", "ProvisionToken", "Trusted_cluster", "Signup", "Nop", "RemoteProxy"].contains(name)
    }

    /// Roles Teleport's EC2 join accepts.
    public var isAllowedForEC2Join: Bool {
        ["Node", "Proxy", "Kube", "App", "Db", "WindowsDesktop", "Okta", "Discovery", "MDM", "Instance"].contains(name)
    }

    public var description: String { name }

    public static func < (lhs: SystemRole, rhs: SystemRole) -> Bool { lhs.name < rhs.name }
}

extension String {
    package func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
