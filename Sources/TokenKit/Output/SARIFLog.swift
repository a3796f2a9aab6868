/// A SARIF 2.1.0 log of a lint run, as GitHub code scanning reads it.
struct SARIFLog {
    var report: LintReport
    var toolVersion: String

    func rendered() -> String {
        let rules = RuleID.allCases
        let ruleIndex = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1, $0) })
        let descriptors = rules.map { rule -> JSONValue in
            .object([
                ("id", .string(rule.rawValue)),
                ("name", .string(rule.rawValue)),
                ("shortDescription", .object([("text", .string(rule.summary))])),
                ("defaultConfiguration", .object([("level", .string(level(rule.defaultSeverity)))])),
            ])
        }
        let results = report.diagnostics.map { diagnostic -> JSONValue in
            var members: [(String, JSONValue)] = [
                ("ruleId", .string(diagnostic.rule.rawValue)),
                ("ruleIndex", .int(ruleIndex[diagnostic.rule] ?? 0)),
                ("level", .string(level(diagnostic.severity))),
                ("message", .object([("text", .string(diagnostic.message))])),
                ("locations", .array([location(diagnostic.file, diagnostic.range)])),
            ]
            if let related = diagnostic.related {
                var relatedLocation = location(related.file, related.range)
                if case .object(var fields) = relatedLocation {
                    fields.insert(("id", .int(1)), at: 0)
                    fields.append(("message", .object([("text", .string(related.message))])))
                    relatedLocation = .object(fields)
                }
                members.append(("relatedLocations", .array([relatedLocation])))
            }
            return .object(members)
        }
        let run: JSONValue = .object([
            (
                "tool",
                .object([
                    (
                        "driver",
                        .object([
                            ("name", .string("tokenctl")),
                            ("version", .string(toolVersion)),
                            ("semanticVersion", .string(toolVersion)),
                            ("rules", .array(descriptors)),
                        ])
                    )
                ])
            ),
            ("columnKind", .string("unicodeCodePoints")),
            ("results", .array(results)),
        ])
        return JSONValue.object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([run])),
        ]).rendered()
    }

    private func level(_ severity: Severity) -> String {
        severity == .error ? "error" : "warning"
    }

    private func location(_ file: String, _ range: SourceRange) -> JSONValue {
        .object([
            (
                "physicalLocation",
                .object([
                    ("artifactLocation", .object([("uri", .string(artifactURI(file)))])),
                    (
                        "region",
                        .object([
                            ("startLine", .int(range.start.line)),
                            ("startColumn", .int(range.start.column)),
                            ("endLine", .int(range.end.line)),
                            ("endColumn", .int(range.end.column)),
                        ])
                    ),
                ])
            )
        ])
    }

    /// A relative URI reference: percent-encode what a URI cannot hold.
    private func artifactURI(_ path: String) -> String {
        var result = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "/"), UInt8(ascii: "."), UInt8(ascii: "-"),
                UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return result
    }
}
