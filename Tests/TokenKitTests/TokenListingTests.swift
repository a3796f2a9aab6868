import Testing

@testable import TokenKit

/// `list --format names` appends each name from the store's bytes; what it
/// prints must be exactly `shownName`'s text for every kind of name.
@Suite struct TokenListingTests {
    static let redactor = SecretRedactor(secrets: ["Zq7mK2pX9vR4tW8y", "abc", "longsecret-1234"])

    static let names: [(String, Bool)] = [
        ("node-1", false), ("Zq7mK2pX9vR4tW8y", true), ("abc", true), ("abc", false), ("short", true),
        ("exactly-15-char", true), ("sixteen-chars-ab", true), ("prefix-Zq7mK2pX9vR4tW8y-suffix", false),
        ("has-longsecret-1234", false), ("tab\there", false), ("tab\there-secret-name-long", true), ("é-accent", false),
        ("ünïcödé-secret-name-1234", true), ("emoji-🙂-name", false), ("del\u{7F}", false), ("", false), ("crlf\r\nname", true),
    ]

    @Test(arguments: [false, true])
    func bytesAndStringsShowTheSame(withSecrets: Bool) {
        let listing = TokenListing(now: Timestamp(seconds: 0), withSecrets: withSecrets, redactor: Self.redactor)
        for (name, isSecret) in Self.names {
            var output: [UInt8] = []
            var bytes = name
            bytes.withUTF8 { listing.appendName($0, isSecret: isSecret, to: &output) }
            #expect(String(decoding: output, as: UTF8.self) == listing.shownName(name, isSecret: isSecret) + "\n", "\(name)")
        }
    }
}
