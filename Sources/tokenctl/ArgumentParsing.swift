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
}
