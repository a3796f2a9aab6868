import Testing
@testable import TokenKit

@Suite struct YAMLParserTests {
    func parse(_ text: String) -> YAMLStream {
        YAMLParser().parse(SourceText(name: "t.yaml", bytes: Array(text.utf8)))
    }

    @Test func positionsAreOneBasedAndEndsExclusive() throws {
        let stream = parse("kind: token\nspec:\n  roles: [Node, \"Db\"]\n")
        let root = try #require(stream.documents.first?.root)
        let spec = try #require(root.entries?[1])
        #expect(spec.key.range.start == SourcePosition(line: 2, column: 1))
        #expect(spec.key.range.end == SourcePosition(line: 2, column: 5))
        let roles = try #require(spec.value.entries?.first?.value.items)
        #expect(roles[0].range.start == SourcePosition(line: 3, column: 11))
        #expect(roles[1].range.start == SourcePosition(line: 3, column: 17))
        #expect(roles[1].scalar?.style == .doubleQuoted)
    }

    @Test func columnsCountUnicodeScalars() throws {
        let stream = parse("description: \"caf\u{00e9} \u{1F600}\"\nname: x\n")
        let root = try #require(stream.documents.first?.root)
        let second = try #require(root.entries?[1])
        #expect(second.value.range.start == SourcePosition(line: 2, column: 7))
        let text = SourceText(name: "t", bytes: Array("a\u{00e9}\u{1F600}b".utf8))
        #expect(text.position(ofByteOffset: 7) == SourcePosition(line: 1, column: 4))
    }

    @Test func duplicateKeysAreReportedWithBothPositions() throws {
        let stream = parse("a: 1\nb: 2\na: 3\n")
        let document = try #require(stream.documents.first)
        let finding = try #require(document.findings.first)
        #expect(finding.rule == .duplicateKey)
        #expect(finding.range.start == SourcePosition(line: 3, column: 1))
        #expect(finding.related?.start == SourcePosition(line: 1, column: 1))
        #expect(document.root.entries?.count == 2)
    }

    @Test func mergeKeysAndAliasesWork() throws {
        let stream = parse("base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\n")
        let root = try #require(stream.documents.first?.root)
        let use = try #require(root.entries?[1].value.entries)
        #expect(use.map { $0.name } == ["y", "x"])
        #expect(use[0].value.scalar?.value == "3")
        #expect(stream.documents.first?.findings.isEmpty == true)
    }

    @Test func multiDocumentStreamsAndEmptyDocuments() {
        let stream = parse("---\na: 1\n---\n---\nb: 2\n...\n")
        #expect(stream.documents.count == 3)
        #expect(stream.documents[1].isEmpty)
        #expect(stream.fatal == nil)
    }

    /// Documents kept by the caller keep their own storage; documents let go
    /// lend theirs to the next one, which must not disturb either.
    @Test func keptDocumentsStayIntactWhileLaterOnesAreBuilt() throws {
        let text = (0..<50).map { "name: doc-\($0)\nitems: [\($0), x\($0), {k: v\($0)}]\n" }.joined(separator: "---\n")
        let source = SourceText(name: "t.yaml", bytes: Array(text.utf8))
        let kept = parse(text).documents
        #expect(kept.count == 50)
        for (index, document) in kept.enumerated() {
            #expect(document.root.entries?[0].value.scalar?.value == "doc-\(index)")
            #expect(document.root.entries?[1].value.items?[2].entries?[0].value.scalar?.value == "v\(index)")
        }
        var streamed: [String] = []
        var everyOther: [YAMLDocument] = []
        _ = YAMLParser().parse(source) { document in
            streamed.append(document.root.entries?[1].value.items?[1].scalar?.value ?? "?")
            if document.index.isMultiple(of: 2) { everyOther.append(document) }
        }
        #expect(streamed == (0..<50).map { "x\($0)" })
        #expect(everyOther.map { $0.root.entries?[0].value.scalar?.value } == (0..<25).map { "doc-\($0 * 2)" })
    }

    @Test func depthAndAliasLimitsAreEnforced() {
        let deep = parse(String(repeating: "[", count: 100) + String(repeating: "]", count: 100))
        #expect(deep.fatal?.message.contains("nesting deeper than 64 levels") == true)
        var laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        var previous = "a"
        for name in ["b", "c", "d", "e", "f"] {
            laughs += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
            previous = name
        }
        #expect(parse(laughs).fatal?.message.contains("billion laughs") == true)
    }

    @Test func syntaxErrorsCarryPositions() throws {
        let stream = parse("a: [1, 2\nb: 3\n")
        let fatal = try #require(stream.fatal)
        #expect(fatal.rule == .yamlSyntax)
        #expect(fatal.range.start.line >= 1)
    }
}
