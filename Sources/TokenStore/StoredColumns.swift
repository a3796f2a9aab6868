import TokenKit

/// The column values both engines derive from a token: what the query
/// columns hold, written once so the engines store the same.
enum StoredColumns {
    static func resourceText(_ token: ProvisionToken) -> String {
        CanonicalResource.compactText(for: token)
    }

    static func labelsText(_ labels: [String: String]) -> String {
        guard !labels.isEmpty else { return "{}" }
        var writer = CompactJSONWriter()
        writer.beginObject()
        for (key, value) in labels.sortedByKeyBytes {
            writer.key(key)
            writer.string(value)
        }
        writer.endObject()
        return writer.text
    }

    /// An iam rule's OU matcher as the allow_rule row keeps it: include and exclude, each a
    /// comma-separated list, joined by a newline ("" when the rule has none).
    static func organizationalUnitsText(_ units: OrganizationalUnits?) -> String {
        guard let units, units.isMatcher else { return "" }
        return units.include.joined(separator: ",") + "\n" + units.exclude.joined(separator: ",")
    }

    static func organizationalUnits(fromText text: String) -> OrganizationalUnits? {
        guard !text.isEmpty else { return nil }
        let parts = text.split(separator: "\n", omittingEmptySubsequences: false)
        func list(_ index: Int) -> [String] {
            index < parts.count ? parts[index].split(separator: ",").map(String.init) : []
        }
        return OrganizationalUnits(include: list(0), exclude: list(1))
    }

    static func accountsText(_ rules: [AllowRule]) -> String {
        var writer = CompactJSONWriter()
        writer.beginArray()
        for (index, rule) in rules.enumerated() where !rules[..<index].contains(where: { $0.awsAccount == rule.awsAccount }) {
            writer.string(rule.awsAccount)
        }
        writer.endArray()
        return writer.text
    }

    /// Stored (name, resource) rows as tokens.
    static func decode(_ rows: [(name: String, resource: String, joinMethod: String)], location path: String) throws(StoreError) -> [ProvisionToken] {
        var tokens: [ProvisionToken] = []
        tokens.reserveCapacity(rows.count)
        for (name, resource, joinMethod) in rows { tokens.append(try decode(resource, name: name, joinMethod: joinMethod, location: path)) }
        return tokens
    }

    static func decode(_ resource: String, name: String, joinMethod: String, location path: String) throws(StoreError) -> ProvisionToken {
        guard let token = CanonicalResource.token(fromStoredText: resource), token.name.utf8.elementsEqual(name.utf8) else {
            // Named so the row can be found: masked only when its join_method column says it is a secret.
            let shown = joinMethod == JoinMethod.token.rawValue
                ? "\(quoted(SecretMask.mask(name))) (a \"token\"-method token, so its name is masked; \(name.count) characters)"
                : quoted(name)
            throw StoreError(.corrupt, "database \(path): the stored resource of token \(shown) does not parse; restore the database from a backup, or remove that token")
        }
        return token
    }
}
