import TokenKit

enum YAMLTreeFuzzing {
    static func run(_ bytes: [UInt8]) {
        let source = SourceText(name: "fuzz.yaml", bytes: bytes)
        _ = YAMLParser().parse(source) { document in
            // Aliases share subtrees, so the walk is bounded like the parser's own expansion.
            var pending = [document.root]
            var visited = 0
            while let node = pending.popLast(), visited <= InputLimits.standard.maxAliasExpansion {
                visited += 1
                _ = node.kindDescription
                switch node.content {
                case .scalar(let scalar): _ = ResolvedScalar(scalar)
                case .sequence(let items): pending += items
                case .mapping(let entries):
                    for entry in entries {
                        pending.append(entry.key)
                        pending.append(entry.value)
                    }
                }
            }
            _ = JSONValue(document.root)
            _ = document.isEmpty
        }
    }
}
