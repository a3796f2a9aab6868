import Foundation
import Testing
@testable import TokenKit

/// The stored text and `get`'s JSON are renderings of one canonical form.
@Suite struct CanonicalResourceTests {
    static let manifests = [
        "fixtures/lint/examples/teleport-docs.yaml", "fixtures/lint/examples/github-method.yaml",
        "fixtures/lint/examples/legacy-v1-document.yaml", "fixtures/lint/examples/json-manifest.json",
        "fixtures/lint/rules/invalid-label-key.pass.yaml", "fixtures/lint/rules/any-account.pass.yaml",
        "fixtures/lint/rules/privileged-role.pass.yaml", "fixtures/lint/rules/bot-name.pass.yaml",
    ]

    @Test(arguments: manifests)
    func compactTextIsTheCanonicalJSON(_ path: String) throws {
        let bytes = Array(try Data(contentsOf: TestPaths.packageRoot.appendingPathComponent(path)))
        let tokens = ManifestReader().read(SourceText(name: path, bytes: bytes)).tokens.compactMap(\.token)
        #expect(!tokens.isEmpty)
        for token in tokens {
            let value = CanonicalResource.json(for: token, maskSecret: false)
            #expect(CanonicalResource.compactText(for: token) == value.renderedCompact())
            // And it reads back as the same token.
            let again = ManifestReader().read(SourceText(name: "again", bytes: Array(value.renderedYAML().utf8))).tokens.first?.token
            #expect(again == token)
            // The store reads its own text back without the YAML pipeline, to the same token.
            #expect(CanonicalResource.token(fromStoredText: CanonicalResource.compactText(for: token)) == token)
        }
    }

    /// Escapes, non-ASCII and control characters survive the stored text.
    @Test func storedTextReadsBackEveryCharacter() throws {
        let token = ProvisionToken(
            name: "caf\u{E9}-\u{1F600}-token", description: "quote \" backslash \\ tab \t bell \u{7} line\nbreak",
            labels: ["k\u{301}": "v\u{0}x"], expires: Timestamp.parseRFC3339("2030-01-01T00:00:00Z"), roles: [.node],
            joinMethod: .ec2, awsIIDTTL: .minutes(5), allow: [AllowRule(awsAccount: "111111111111", awsRegions: ["us-west-2"])])
        #expect(CanonicalResource.token(fromStoredText: CanonicalResource.compactText(for: token)) == token)
    }

    @Test(arguments: ["", "{", "[]", "{\"kind\":\"token\"}", "{\"metadata\":{\"name\":\"x\"},\"spec\":{\"roles\":[\"Nodee\"],\"join_method\":\"ec2\"}}", "{\"a\":\"\\ud800\"}"])
    func damagedStoredTextIsNil(_ text: String) {
        #expect(CanonicalResource.token(fromStoredText: text) == nil)
    }

    @Test func yamlQuotesWhatWouldNotReadBackAsAString() {
        let value: JSONValue = .object([
            ("plain", .string("us-west-2")), ("number", .string("111111111111")), ("boolean", .string("yes")),
            ("empty", .string("")), ("star", .string("*abc")), ("colon", .string("a: b")), ("comment", .string("a #b")),
            ("list", .array([.string("a,b"), .string("c")])), ("null", .string("~")), ("spaces", .string(" x")),
        ])
        #expect(value.renderedYAML() == """
            plain: us-west-2
            number: "111111111111"
            boolean: "yes"
            empty: ""
            star: "*abc"
            colon: "a: b"
            comment: "a #b"
            list: ["a,b", c]
            "null": "~"
            spaces: " x"

            """)
    }

    /// The word-at-a-time escape scan agrees with the byte-by-byte rule for
    /// every special byte at every position of strings up to 20 bytes.
    @Test func escapeScanFindsEverySpecialByteAnywhere() {
        let specials: [String] = ["\"", "\\", "\n", "\u{01}", "\u{1F}", "\u{2028}", "\u{2029}"]
        let harmless: [String] = ["é", " ", "~", "\u{7F}", "日"]  // not "€": its first byte is 0xE2
        for length in 0...20 {
            let plain = String(repeating: "a", count: length)
            #expect(!JSONValue.needsEscaping(plain))
            for position in 0...length {
                let prefix = String(plain.prefix(position))
                let suffix = String(plain.dropFirst(position))
                for special in specials {
                    #expect(JSONValue.needsEscaping(prefix + special + suffix), "\(prefix + special + suffix)")
                }
                for other in harmless {
                    #expect(!JSONValue.needsEscaping(prefix + other + suffix), "\(prefix + other + suffix)")
                }
            }
        }
        var writer = CompactJSONWriter()
        writer.string("line\nbreak \"quoted\" back\\slash \u{2028}")
        #expect(writer.text == #""line\nbreak \"quoted\" back\\slash \u2028""#)
    }

    /// Quoting to bytes (check's streamed JSON, stored resources) writes
    /// exactly what quoting to a String writes, for every escape and for
    /// text around it, including "€" (0xE2 but not a line separator) and a
    /// separator at the very end.
    @Test(arguments: [
        "", "plain", "token \"ec2-1\" exists", "tab\there", "\u{00}\u{01}\u{08}\u{0C}\u{1F}\u{7F}", "back\\slash",
        "\u{2028}\u{2029}", "price 5€ and 日本", "ends with \u{2029}", "€", "\r\n",
    ])
    func quotingToBytesMatchesQuotingToText(text: String) {
        var bytes: [UInt8] = []
        JSONValue.appendQuoted(text, to: &bytes)
        var string = ""
        JSONValue.appendQuoted(text, to: &string)
        #expect(String(decoding: bytes, as: UTF8.self) == string)
    }
}
