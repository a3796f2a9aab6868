import ArgumentParser
import TokenKit
import TokenStore

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
        path = DatabasePath.resolve(flag: flag, environment: ProcessEnvironment.variables)
    }

    func open(_ mode: StoreOpenMode, environment: CommandEnvironment) throws -> any TokenStore {
        let timeout = try ProcessEnvironment.busyTimeoutMilliseconds()
        let store: any TokenStore
        do {
            store = try TokenStores.open(location: path, mode: mode, busyTimeoutMilliseconds: timeout)
        } catch {
            throw environment.fail(error)
        }
        for warning in store.warnings { environment.printError(warning) }
        return store
    }
}

extension TokenStore {
    /// Masks every secret name the store holds and those of `tokens` (for `create`).
    func secretRedactor(adding tokens: [ProvisionToken]) throws(StoreError) -> SecretRedactor {
        SecretRedactor(secrets: try secretNames() + tokens.filter(\.isSecret).map(\.name))
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

    /// The variables the AWS credential chain and endpoints read (SPEC §4.4), and HOME.
    static var awsVariables: [String: String] {
        var result: [String: String] = [:]
        for key in [
            "HOME", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
            "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "AWS_ENDPOINT_URL",
            "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL_EC2", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME",
            "AWS_EC2_METADATA_SERVICE_ENDPOINT", "AWS_EC2_METADATA_DISABLED",
        ] {
            if let value = getenv(key) { result[key] = String(cString: value) }
        }
        return result
    }

    /// SQLite takes the busy timeout as a C int of milliseconds.
    static let maximumBusyTimeoutMilliseconds = Int(Int32.max)

    /// `$TOKENCTL_BUSY_TIMEOUT_MS`, default 5000; a malformed value is a usage error naming the variable.
    static func busyTimeoutMilliseconds() throws -> Int {
        guard let text = getenv("TOKENCTL_BUSY_TIMEOUT_MS").map({ String(cString: $0) }), !text.isEmpty else { return 5000 }
        guard text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let value = Int(text), value <= maximumBusyTimeoutMilliseconds else {
            throw ValidationError(
                "TOKENCTL_BUSY_TIMEOUT_MS=\(quoted(text).dropFirst().dropLast()) is not a whole number of milliseconds from 0 to \(maximumBusyTimeoutMilliseconds); unset it for the default of 5000")
        }
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
        let path = DatabasePath.resolve(flag: flag, environment: ProcessEnvironment.variables)
        guard let store = try? TokenStores.open(location: path, mode: .readOnly, busyTimeoutMilliseconds: 200),
            let names = try? store.names(matching: TokenFilter()), let redactor = try? store.secretRedactor()
        else { return [] }
        // Never a secret, nor a name that holds one, nor one a terminal could act on.
        return names.filter { !$0.isSecret && $0.name.hasPrefix(prefix) }.map(\.name)
            .filter { redactor.redactValue($0) == $0 && printable($0) == $0 }
    }
}

/// Where the token database lives: `--db`, else `$TOKENCTL_DB`, else
/// `$XDG_DATA_HOME/tokenctl/tokens.db` (`~/.local/share/tokenctl/tokens.db`).
enum DatabasePath {
    static func resolve(flag: String?, environment: [String: String]) -> String {
        if let flag, !flag.isEmpty { return flag }
        if let path = environment["TOKENCTL_DB"], !path.isEmpty { return path }
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") {
            return data + "/tokenctl/tokens.db"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "."
        return home + "/.local/share/tokenctl/tokens.db"
    }
}
