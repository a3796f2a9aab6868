import ArgumentParser
import TokenKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opening the store for a command, with SPEC §1's database resolution and
/// exit status 3 for every database failure.
struct StoreAccess {
    var path: String

    init(flag: String?) {
        path = DatabaseLocation.resolve(flag: flag, environment: ProcessEnvironment.variables)
    }

    func open(_ mode: TokenStore.OpenMode, environment: CommandEnvironment) throws -> TokenStore {
        do {
            return try TokenStore.open(path: path, mode: mode, busyTimeoutMilliseconds: ProcessEnvironment.busyTimeoutMilliseconds)
        } catch {
            throw environment.fail(error)
        }
    }
}

extension TokenStore {
    /// Masks every secret name the store holds (for `list` and `get`).
    func secretRedactor() throws(StoreError) -> SecretRedactor {
        var filter = TokenFilter()
        filter.joinMethod = .token
        return SecretRedactor(try names(matching: filter).map { SecretName(secret: $0.name) })
    }

    /// Masks those of `strings` that are secret names in the store (for `check`,
    /// whose report quotes a few tokens only).
    func secretRedactor(among strings: Set<String>) throws(StoreError) -> SecretRedactor {
        let methods = try joinMethods(of: Array(strings))
        return SecretRedactor(methods.filter { $0.value == JoinMethod.token.rawValue }.map { SecretName(secret: $0.key) })
    }
}

enum ProcessEnvironment {
    static var variables: [String: String] {
        var result: [String: String] = [:]
        for key in ["TOKENCTL_DB", "XDG_DATA_HOME", "HOME"] {
            if let value = getenv(key) { result[key] = String(cString: value) }
        }
        return result
    }

    static var busyTimeoutMilliseconds: Int {
        guard let text = getenv("TOKENCTL_BUSY_TIMEOUT_MS").map({ String(cString: $0) }), let value = Int(text), value >= 0
        else { return 5000 }
        return value
    }
}

/// `NAME` or `token/NAME` (tctl style).
enum TokenName {
    static func normalize(_ argument: String) -> String {
        argument.hasPrefix("token/") ? String(argument.dropFirst("token/".count)) : argument
    }

    /// Stored names for shell completion (never creates a database).
    @Sendable static func completions(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
        var flag: String?
        if let position = words.firstIndex(of: "--db"), position + 1 < words.count { flag = words[position + 1] }
        let path = DatabaseLocation.resolve(flag: flag, environment: ProcessEnvironment.variables)
        guard let store = try? TokenStore.open(path: path, mode: .readOnly, busyTimeoutMilliseconds: 200),
            let summaries = try? store.summaries()
        else { return [] }
        return summaries.filter { !$0.isSecret && $0.name.hasPrefix(prefix) }.map(\.name)
    }
}
