import ArgumentParser
import TokenKit

/// Option values shared by several commands, checked the same way everywhere.
enum ArgumentValue {
    static func role(_ text: String) throws -> SystemRole {
        guard let role = SystemRole(text) else {
            throw ValidationError("role \(text) is not registered; one of: \(SystemRole.canonicalNames.joined(separator: ", "))")
        }
        return role
    }

    /// `k=v,...` (empty: none); keys as Teleport allows them.
    static func labels(_ text: String) throws -> [(key: String, value: String)] {
        guard !text.isEmpty else { return [] }
        return try text.split(separator: ",", omittingEmptySubsequences: false).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw ValidationError("--labels takes k=v pairs separated by commas, e.g. env=prod,team=infra; got \"\(pair)\"")
            }
            return (String(parts[0]), String(parts[1]))
        }
    }
}
