import TokenKit

enum ManifestFuzzing {
    /// A fixed clock, so that a crash reproduces.
    static let now = Timestamp(seconds: 1_767_225_600)

    static func run(_ bytes: [UInt8]) {
        let report = Linter(now: now).lint([InputFile(name: "fuzz.yaml", content: .bytes(bytes))])
        let rendering = LintRendering(toolVersion: "fuzz")
        for format in LintFormat.allCases {
            _ = rendering.render(report, as: format)
        }
        let listing = TokenListing(now: now, withSecrets: true)
        for token in report.files.flatMap(\.tokens) {
            // `get --with-secrets NAME | create --force -` must change nothing (SPEC §3).
            let canonical = listing.yamlDocuments([token])
            let reread = ManifestReader().read(SourceText(name: "canonical.yaml", bytes: Array(canonical.utf8)))
            let tokens = reread.tokens.compactMap(\.token)
            guard tokens == [token] else {
                fatalError("token does not read back from its canonical YAML:\n\(canonical)")
            }
            _ = listing.jsonArray([token])
            _ = TokenListing(now: now, withSecrets: false).yamlDocuments([token])
        }
    }
}
