/// How `list` and `get` show stored tokens (SPEC §3).
public struct TokenListing: Sendable {
    public var now: Timestamp
    public var withSecrets: Bool
    /// Every secret name of the store, masked wherever one turns up in another
    /// token's fields (a label, a description) unless `withSecrets`.
    public var redactor: SecretRedactor

    public init(now: Timestamp, withSecrets: Bool, redactor: SecretRedactor = .none) {
        self.now = now
        self.withSecrets = withSecrets
        self.redactor = withSecrets ? .none : redactor
    }

    /// A name as `list` and `get` show it: masked when it is a secret, any
    /// other secret inside it masked, control characters escaped.
    public func shownName(_ name: String, isSecret: Bool) -> String {
        printable(isSecret && !withSecrets ? SecretMask.mask(name) : redactor.redactValue(name))
    }

    /// `Token | Join Method | Roles | Labels | Expires (UTC)`: a header, a row
    /// of dashes, columns two spaces apart.
    public func table(_ summaries: [TokenSummary]) -> String {
        guard !summaries.isEmpty else { return "No tokens found.\n" }
        let header = ["Token", "Join Method", "Roles", "Labels", "Expires (UTC)"]
        let rows = summaries.map { summary -> [String] in
            var expires = summary.expires.map(\.description) ?? "never"
            if let date = summary.expires, date < now { expires += " (expired)" }
            return [
                shownName(summary.name, isSecret: summary.isSecret), printable(summary.joinMethod),
                printable(summary.roles.joined(separator: ",")),
                printable(summary.labels.map { "\(redactor.redactValue($0.key))=\(redactor.redactValue($0.value))" }.joined(separator: ",")),
                expires,
            ]
        }
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            var text = ""
            for (index, cell) in cells.enumerated() {
                if index == cells.count - 1 {
                    text += cell
                } else {
                    text += cell + String(repeating: " ", count: widths[index] - cell.count + 2)
                }
            }
            return text.trimmingTrailingSpaces() + "\n"
        }
        var output = line(header) + line(widths.map { String(repeating: "-", count: $0) })
        for row in rows { output += line(row) }
        return output
    }

    /// Appends a name as `shownName` shows it, and a newline, from the
    /// store's bytes: a printable ASCII name (the usual one) is masked or
    /// copied as bytes; any other goes through `shownName`.
    public func appendName(_ name: UnsafeBufferPointer<UInt8>, isSecret: Bool, to output: inout [UInt8]) {
        let isPlainASCII = !name.contains { $0 < 0x20 || $0 >= 0x7F }
        if isPlainASCII && isSecret && !withSecrets {
            // One character per byte.
            let hidden = SecretMask.hiddenCount(name.count)
            output.append(contentsOf: repeatElement(UInt8(ascii: "*"), count: hidden))
            output.append(contentsOf: name[hidden...])
        } else if isPlainASCII && (isSecret || !redactor.containsSecret(name)) {
            output.append(contentsOf: name)
        } else {
            output.append(contentsOf: shownName(String(decoding: name, as: UTF8.self), isSecret: isSecret).utf8)
        }
        output.append(UInt8(ascii: "\n"))
    }

    public func resources(_ tokens: [ProvisionToken]) -> [JSONValue] {
        tokens.map { redactor.redact(CanonicalResource.json(for: $0, maskSecret: !withSecrets)) }
    }

    /// A JSON array (2-space indent).
    public func jsonArray(_ tokens: [ProvisionToken]) -> String {
        JSONValue.array(resources(tokens)).rendered() + "\n"
    }

    /// YAML documents separated by `---`.
    public func yamlDocuments(_ tokens: [ProvisionToken]) -> String {
        resources(tokens).map { $0.renderedYAML() }.joined(separator: "---\n")
    }

    public func masksSomething(_ tokens: [ProvisionToken]) -> Bool {
        !withSecrets && tokens.contains { $0.hasSecret }
    }
}

/// Teleport's masking of a name that was not found: always the first 75%
/// (rounded down) hidden, whatever the length (`token "******bc" not found`).
public enum NotFoundMask {
    public static func mask(_ name: String) -> String {
        let hidden = name.count * 3 / 4
        return String(repeating: "*", count: hidden) + name.dropFirst(hidden)
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = Substring(self)
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
