import CYaml

/// Builds positioned YAML documents from libyaml's event stream, with an
/// explicit stack (no recursion), bounded depth and bounded alias expansion.
public struct YAMLParser {
    public var limits: InputLimits

    public init(limits: InputLimits = .standard) {
        self.limits = limits
    }

    /// Parses the whole stream into memory.
    public func parse(_ source: SourceText) -> YAMLStream {
        var documents: [YAMLDocument] = []
        let fatal = parse(source) { documents.append($0) }
        return YAMLStream(documents: documents, fatal: fatal)
    }

    /// Parses document by document, handing each to `body` as soon as it is
    /// complete (so a large file never holds every tree at once). Returns the
    /// fatal error that stopped parsing, if any.
    public func parse(_ source: SourceText, _ body: (YAMLDocument) -> Void) -> Finding? {
        if source.bytes.count > limits.maxFileBytes {
            return limits.fileTooLarge(size: source.bytes.count)
        }
        if let offset = SourceText.firstInvalidUTF8Offset(source.bytes) {
            let position = source.position(ofByteOffset: offset)
            let byte = String(source.bytes[offset], radix: 16, uppercase: true)
            let hex = byte.count == 1 ? "0x0" + byte : "0x" + byte
            return (
                Finding(
                    .yamlSyntax, at: .point(position),
                    "invalid UTF-8 (byte \(hex)): a manifest must be UTF-8 text; is this a binary file, or saved in another encoding?"
                ))
        }
        var builder = TreeBuilder(limits: limits)
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            return Finding(.yamlSyntax, at: .point(.start), "out of memory starting the YAML parser")
        }
        defer { yaml_parser_delete(&parser) }
        // libyaml needs a valid pointer even for empty input.
        let input = source.bytes.isEmpty ? [UInt8(ascii: "\n")] : source.bytes
        return input.withUnsafeBufferPointer { buffer -> Finding? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    builder.fail(libyamlError(parser, source: source))
                    break
                }
                let done = event.type == YAML_STREAM_END_EVENT
                if let document = builder.handle(event) {
                    let tree = document.root.tree
                    body(consume document)
                    builder.reuseStorage(of: tree)
                }
                yaml_event_delete(&event)
                if done || builder.hasFailed { break }
            }
            return builder.fatal
        }
    }

    private func libyamlError(_ parser: yaml_parser_t, source: SourceText) -> Finding {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown YAML error"
        if parser.error == YAML_READER_ERROR {
            let position = source.position(ofByteOffset: parser.problem_offset)
            let detail = problem == "control characters are not allowed"
                ? "control character U+\(hex4(parser.problem_value)) is not allowed in YAML; is this a binary file?"
                : problem
            return Finding(.yamlSyntax, at: .point(position), detail)
        }
        let mark = parser.problem_mark
        let position = SourcePosition(line: mark.line + 1, column: mark.column + 1)
        if let line = source.line(position.line), character(in: line, atColumn: position.column) == "\t" {
            return Finding(
                .yamlSyntax, at: .point(position),
                "tab character in indentation: YAML allows only spaces there; replace the tab with spaces")
        }
        var message = problem
        if let context = parser.context.map({ String(cString: $0) }) {
            let contextMark = parser.context_mark
            message += " (\(context) at \(contextMark.line + 1):\(contextMark.column + 1))"
        }
        if problem == "found character that cannot start any token",
            let line = source.line(position.line), let found = character(in: line, atColumn: position.column)
        {
            message = "found character \(quoted(String(found))) that cannot start any token"
                + (found == "@" || found == "`" ? "; quote the value" : "")
        }
        return Finding(.yamlSyntax, at: .point(position), message)
    }

    private func character(in line: String, atColumn column: Int) -> Character? {
        let scalars = line.unicodeScalars
        guard column >= 1, column <= scalars.count else { return nil }
        return Character(scalars[scalars.index(scalars.startIndex, offsetBy: column - 1)])
    }

    private func hex4(_ value: Int32) -> String {
        let text = String(UInt32(bitPattern: value), radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - text.count)) + text
    }
}

/// Folds libyaml events into documents, each stored flat (`YAMLTree`).
private struct TreeBuilder {
    typealias Record = YAMLTree.Record

    /// A collection being built. Its children wait in `pendingChildren`
    /// from `firstPending` on (keys and values alternating for a mapping).
    struct Frame {
        var isMapping: Bool
        var start: SourcePosition
        var tag: String?
        var anchor: String?
        var firstPending: Int
        var weight = 1
    }

    let limits: InputLimits
    private var documentCount = 0
    /// Findings of the document being built.
    private var findings: [Finding] = []
    private(set) var fatal: Finding?
    /// Whether `fatal` is set, asked after every event (cheaper than copying the optional out).
    private(set) var hasFailed = false
    private var stack: [Frame] = []
    private var pendingChildren: [Int32] = []
    /// The document being built.
    private var records: [Record] = []
    private var children: [Int32] = []
    private var anchors: [String: (node: Int32, weight: Int)] = [:]
    private var aliasExpansion = 0
    private var root: Int32?

    init(limits: InputLimits) {
        self.limits = limits
    }

    /// Folds in one event; returns a document when the event completes one.
    mutating func handle(_ event: yaml_event_t) -> YAMLDocument? {
        let start = SourcePosition(line: event.start_mark.line + 1, column: event.start_mark.column + 1)
        let end = SourcePosition(line: event.end_mark.line + 1, column: event.end_mark.column + 1)
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            if !anchors.isEmpty { anchors.removeAll(keepingCapacity: true) }
            aliasExpansion = 0
            root = nil
            if documentCount >= limits.maxDocuments {
                fail(Finding(
                    .yamlSyntax, at: .point(start),
                    "more than \(limits.maxDocuments) documents in one file (the limit); split the file"))
            }
        case YAML_DOCUMENT_END_EVENT:
            defer { findings.removeAll() }
            if let root {
                documentCount += 1
                self.root = nil
                let tree = YAMLTree(records: records, children: children)
                records = []
                children = []
                return YAMLDocument(root: YAMLNode(tree: tree, index: Int(root)), index: documentCount - 1, findings: findings)
            }
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            if data.length > limits.maxScalarBytes {
                fail(Finding(
                    .yamlSyntax, at: .point(start),
                    "a scalar of \(formatByteSize(data.length)) is over the \(formatByteSize(limits.maxScalarBytes)) limit for one scalar; a token field is never this long"))
                return nil
            }
            let value = String(decoding: UnsafeBufferPointer(start: data.value, count: data.length), as: UTF8.self)
            let node = add(
                Record(
                    kind: .scalar, style: style(data.style), range: SourceRange(start: start, end: end), value: value,
                    tag: cString(data.tag), firstChild: 0, childCount: 0))
            complete(node, weight: 1, anchor: cString(data.anchor))
        case YAML_ALIAS_EVENT:
            let name = cString(event.data.alias.anchor) ?? ""
            guard let target = anchors[name] else {
                fail(Finding(.yamlSyntax, at: .point(start), "unknown anchor \(quoted(name)) referenced by an alias; define the anchor (&\(name)) earlier in the same document"))
                return nil
            }
            aliasExpansion += target.weight
            if aliasExpansion > limits.maxAliasExpansion {
                fail(Finding(
                    .yamlSyntax, at: .point(start),
                    "aliases expand this document to more than \(limits.maxAliasExpansion) nodes (the limit); is this a \"billion laughs\" document?"
                ))
                return nil
            }
            // The alias keeps the anchored node's content (its children are shared) but points at the alias.
            var copy = records[Int(target.node)]
            copy.range = SourceRange(start: start, end: end)
            complete(add(copy), weight: target.weight, anchor: nil)
        case YAML_SEQUENCE_START_EVENT:
            let data = event.data.sequence_start
            push(isMapping: false, start: start, tag: cString(data.tag), anchor: cString(data.anchor))
        case YAML_MAPPING_START_EVENT:
            let data = event.data.mapping_start
            push(isMapping: true, start: start, tag: cString(data.tag), anchor: cString(data.anchor))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let frame = stack.popLast() else { return nil }
            let pending = frame.firstPending..<pendingChildren.count
            let firstChild = Int32(children.count)
            if frame.isMapping && (hasDuplicateKey(pendingChildren[pending]) || hasMergeKey(pendingChildren[pending])) {
                children += applyMerges(deduplicate(Array(pendingChildren[pending])))
            } else {
                children += pendingChildren[pending]
            }
            pendingChildren.removeSubrange(pending)
            let node = add(
                Record(
                    kind: frame.isMapping ? .mapping : .sequence, style: .plain,
                    range: SourceRange(start: frame.start, end: end), value: "", tag: frame.tag, firstChild: firstChild,
                    childCount: Int32(children.count) - firstChild))
            complete(node, weight: frame.weight, anchor: frame.anchor)
        default:
            break
        }
        return nil
    }

    /// Takes back a finished document's arrays when nothing kept it, so
    /// the next document is built in the same memory: allocating fresh
    /// kilobyte-sized arrays for every document made malloc consolidate
    /// its free lists over and over.
    mutating func reuseStorage(of tree: consuming YAMLTree) {
        guard records.isEmpty, isKnownUniquelyReferenced(&tree) else { return }
        (records, children) = tree.surrender()
    }

    mutating func fail(_ finding: Finding) {
        fatal = finding
        hasFailed = true
    }

    private mutating func add(_ record: Record) -> Int32 {
        records.append(record)
        return Int32(records.count - 1)
    }

    private mutating func push(isMapping: Bool, start: SourcePosition, tag: String?, anchor: String?) {
        if stack.count >= limits.maxDepth {
            fail(Finding(
                .yamlSyntax, at: .point(start),
                "nesting deeper than \(limits.maxDepth) levels (the limit); a token manifest is never this deep"))
            return
        }
        stack.append(Frame(isMapping: isMapping, start: start, tag: tag, anchor: anchor, firstPending: pendingChildren.count))
    }

    private mutating func complete(_ node: Int32, weight: Int, anchor: String?) {
        if let anchor {
            anchors[anchor] = (node, weight)
        }
        let top = stack.count - 1
        guard top >= 0 else {
            root = node
            return
        }
        stack[top].weight += weight
        pendingChildren.append(node)
    }

    /// The text of a scalar key, nil for other keys.
    private func name(_ node: Int32) -> String? {
        records[Int(node)].kind == .scalar ? records[Int(node)].value : nil
    }

    /// Whether two keys of a mapping (keys and values alternating) have the
    /// same name, byte for byte as Go compares them. Most mappings are small
    /// and compared pairwise, in place; a wide one goes through a set, so
    /// thousands of keys cost thousands of steps, not millions.
    private func hasDuplicateKey(_ pairs: ArraySlice<Int32>) -> Bool {
        if pairs.count > 32 {
            var seen = Set<[UInt8]>()
            seen.reserveCapacity(pairs.count / 2)
            for index in stride(from: pairs.startIndex, to: pairs.endIndex, by: 2) {
                let key = Int(pairs[index])
                guard records[key].kind == .scalar, !isMergeKey(pairs[index]) else { continue }
                if !seen.insert(Array(records[key].value.utf8)).inserted { return true }
            }
            return false
        }
        for index in stride(from: pairs.startIndex + 2, to: pairs.endIndex, by: 2) {
            let key = Int(pairs[index])
            guard records[key].kind == .scalar, !isMergeKey(pairs[index]) else { continue }
            for earlier in stride(from: pairs.startIndex, to: index, by: 2) {
                let other = Int(pairs[earlier])
                if records[other].kind == .scalar && records[other].value.utf8.elementsEqual(records[key].value.utf8) { return true }
            }
        }
        return false
    }

    private func hasMergeKey(_ pairs: ArraySlice<Int32>) -> Bool {
        stride(from: pairs.startIndex, to: pairs.endIndex, by: 2).contains { isMergeKey(pairs[$0]) }
    }

    /// Reports every repeated key (at the second occurrence, naming the
    /// first) and keeps the last value, as Teleport's JSON decoding does.
    /// `pairs` holds keys and values alternating.
    private mutating func deduplicate(_ pairs: [Int32]) -> [Int32] {
        // Keyed by bytes: Go's decoder compares keys byte for byte (NFC and NFD spellings differ).
        var firstSeen: [[UInt8]: Int] = [:]
        var result: [Int32] = []
        result.reserveCapacity(pairs.count)
        for index in stride(from: 0, to: pairs.count, by: 2) {
            let key = pairs[index]
            guard let name = name(key), !isMergeKey(key) else {
                result += [key, pairs[index + 1]]
                continue
            }
            if let slot = firstSeen[Array(name.utf8)] {
                let first = records[Int(result[slot])].range
                findings.append(
                    Finding(
                        .duplicateKey, at: records[Int(key)].range,
                        "duplicate key \(quoted(name)): first defined at \(first.start); remove one of them",
                        related: first))
                result[slot] = key
                result[slot + 1] = pairs[index + 1]
            } else {
                firstSeen[Array(name.utf8)] = result.count
                result += [key, pairs[index + 1]]
            }
        }
        return result
    }

    /// Applies `<<` merge keys: explicit keys win, then earlier merged maps.
    private mutating func applyMerges(_ pairs: [Int32]) -> [Int32] {
        guard hasMergeKey(pairs[...]) else { return pairs }
        var result: [Int32] = []
        var present = Set<String>()
        for index in stride(from: 0, to: pairs.count, by: 2) where !isMergeKey(pairs[index]) {
            result += [pairs[index], pairs[index + 1]]
            if let name = name(pairs[index]) { present.insert(name) }
        }
        for index in stride(from: 0, to: pairs.count, by: 2) where isMergeKey(pairs[index]) {
            let value = records[Int(pairs[index + 1])]
            let sources: [Int32]
            switch value.kind {
            case .mapping: sources = [pairs[index + 1]]
            case .sequence:
                let items = children[Int(value.firstChild)..<Int(value.firstChild + value.childCount)]
                if items.allSatisfy({ records[Int($0)].kind == .mapping }) {
                    sources = Array(items)
                    break
                }
                fallthrough
            default:
                findings.append(
                    Finding(
                        .wrongType, at: value.range,
                        "a merge key (<<) needs a mapping or a list of mappings, not \(value.kindDescription)"))
                continue
            }
            for source in sources {
                let mapping = records[Int(source)]
                for slot in stride(from: Int(mapping.firstChild), to: Int(mapping.firstChild + mapping.childCount), by: 2) {
                    guard let name = name(children[slot]), !present.contains(name) else { continue }
                    present.insert(name)
                    result += [children[slot], children[slot + 1]]
                }
            }
        }
        return result
    }

    private func isMergeKey(_ key: Int32) -> Bool {
        let index = Int(key)
        return records[index].kind == .scalar && records[index].style == .plain && records[index].value == "<<"
            && (records[index].tag == nil || records[index].tag == "tag:yaml.org,2002:merge")
    }

    private func style(_ style: yaml_scalar_style_t) -> ScalarStyle {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }

    private func cString(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }
}
