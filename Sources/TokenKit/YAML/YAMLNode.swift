public enum ScalarStyle: Sendable, Equatable {
    case plain, singleQuoted, doubleQuoted, literal, folded

    public var isQuoted: Bool { self != .plain }
}

public struct YAMLScalar: Sendable, Equatable {
    public var value: String
    public var style: ScalarStyle
    /// The explicit tag in its full form (`tag:yaml.org,2002:str`), if any.
    public var tag: String?

    public init(value: String, style: ScalarStyle = .plain, tag: String? = nil) {
        self.value = value
        self.style = style
        self.tag = tag
    }
}

/// The nodes of one parsed document, stored flat: a node is an index into
/// `records`, a collection's children a run of `children`. A document is
/// then a few arrays rather than an object (and often an array) per node,
/// which is most of what building and freeing trees used to cost.
///
/// `@unchecked Sendable`: the arrays change only in `surrender()`, which the
/// parser calls once nobody else holds the tree (to reuse its storage for
/// the next document).
final class YAMLTree: @unchecked Sendable {
    struct Record: Sendable {
        enum Kind: UInt8, Sendable { case scalar, sequence, mapping }

        var kind: Kind
        var style: ScalarStyle
        var range: SourceRange
        /// A scalar's text; empty for collections.
        var value: String
        /// The explicit tag in its full form, if any.
        var tag: String?
        /// Where a collection's children start in `children`: its items, or
        /// its keys and values alternating.
        var firstChild: Int32
        var childCount: Int32

        var scalar: YAMLScalar { YAMLScalar(value: value, style: style, tag: tag) }

        /// What the node is, in words for messages ("a mapping").
        var kindDescription: String {
            switch kind {
            case .scalar: ResolvedScalar(scalar).kindDescription
            case .sequence: "a list"
            case .mapping: "a mapping"
            }
        }
    }

    private(set) var records: [Record]
    private(set) var children: [Int32]

    init(records: [Record], children: [Int32]) {
        self.records = records
        self.children = children
    }

    /// Hands the storage back, emptied but with its capacity, and leaves the tree empty.
    func surrender() -> (records: [Record], children: [Int32]) {
        var storage = ([Record](), [Int32]())
        swap(&storage.0, &records)
        swap(&storage.1, &children)
        storage.0.removeAll(keepingCapacity: true)
        storage.1.removeAll(keepingCapacity: true)
        return storage
    }

    static let empty = YAMLTree(records: [], children: [])
}

/// A node of a YAML document with the source span it came from. Aliases are
/// already replaced by (copies of) their anchored node, merge keys applied.
/// A small value: its document's storage and where in it the node is.
public struct YAMLNode: Sendable, Equatable {
    public enum Content: Sendable, Equatable {
        case scalar(YAMLScalar)
        case sequence(YAMLItems)
        case mapping(YAMLEntries)
    }

    let tree: YAMLTree
    let index: Int

    init(tree: YAMLTree, index: Int) {
        self.tree = tree
        self.index = index
    }

    /// A node on its own (tests, and values made outside a parse).
    public init(scalar: YAMLScalar, range: SourceRange) {
        let record = YAMLTree.Record(
            kind: .scalar, style: scalar.style, range: range, value: scalar.value, tag: scalar.tag, firstChild: 0,
            childCount: 0)
        self.init(tree: YAMLTree(records: [record], children: []), index: 0)
    }

    public var content: Content {
        switch tree.records[index].kind {
        case .scalar: .scalar(tree.records[index].scalar)
        case .sequence: .sequence(YAMLItems(of: self))
        case .mapping: .mapping(YAMLEntries(of: self))
        }
    }

    public var range: SourceRange { tree.records[index].range }

    /// The explicit tag of a collection (a scalar's tag is in its `YAMLScalar`).
    public var tag: String? { tree.records[index].kind == .scalar ? nil : tree.records[index].tag }

    public var scalar: YAMLScalar? {
        tree.records[index].kind == .scalar ? tree.records[index].scalar : nil
    }

    /// A scalar's text without making a `YAMLScalar`.
    var scalarValue: String? { tree.records[index].kind == .scalar ? tree.records[index].value : nil }

    public var entries: YAMLEntries? { tree.records[index].kind == .mapping ? YAMLEntries(of: self) : nil }

    public var items: YAMLItems? { tree.records[index].kind == .sequence ? YAMLItems(of: self) : nil }

    /// What the node is, in words for messages ("a mapping").
    public var kindDescription: String { tree.records[index].kindDescription }

    /// Same content, place and tags, wherever the two nodes are stored.
    public static func == (lhs: YAMLNode, rhs: YAMLNode) -> Bool {
        (lhs.tree === rhs.tree && lhs.index == rhs.index)
            || (lhs.range == rhs.range && lhs.tag == rhs.tag && lhs.content == rhs.content)
    }
}

/// Where a collection's children are: a run of `YAMLTree.children`.
struct ChildRun: Sendable {
    let tree: YAMLTree
    let first: Int
    let slots: Int

    init(of node: YAMLNode) {
        tree = node.tree
        first = Int(node.tree.records[node.index].firstChild)
        slots = Int(node.tree.records[node.index].childCount)
    }

    private init() {
        tree = .empty
        first = 0
        slots = 0
    }

    static let empty = ChildRun()

    func node(at slot: Int) -> YAMLNode { YAMLNode(tree: tree, index: Int(tree.children[first + slot])) }
}

/// The items of a sequence node, in order.
public struct YAMLItems: RandomAccessCollection, Sendable, Equatable {
    private let run: ChildRun

    init(of node: YAMLNode) { run = ChildRun(of: node) }
    private init(_ run: ChildRun) { self.run = run }

    public static let empty = YAMLItems(.empty)

    public var startIndex: Int { 0 }
    public var endIndex: Int { run.slots }
    public subscript(position: Int) -> YAMLNode { run.node(at: position) }

    public static func == (lhs: YAMLItems, rhs: YAMLItems) -> Bool { lhs.elementsEqual(rhs) }
}

/// The key-value entries of a mapping node, in order (duplicates resolved,
/// merge keys applied): keys and values alternate in the run.
public struct YAMLEntries: RandomAccessCollection, Sendable, Equatable {
    private let run: ChildRun

    init(of node: YAMLNode) { run = ChildRun(of: node) }
    private init(_ run: ChildRun) { self.run = run }

    public static let empty = YAMLEntries(.empty)

    public var startIndex: Int { 0 }
    public var endIndex: Int { run.slots / 2 }
    public subscript(position: Int) -> YAMLEntry {
        YAMLEntry(key: run.node(at: 2 * position), value: run.node(at: 2 * position + 1))
    }

    public static func == (lhs: YAMLEntries, rhs: YAMLEntries) -> Bool { lhs.elementsEqual(rhs) }
}

public struct YAMLEntry: Sendable, Equatable {
    public var key: YAMLNode
    public var value: YAMLNode

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }

    /// The key as text; non-scalar keys have none.
    public var name: String? { key.scalarValue }
}

public struct YAMLDocument: Sendable, Equatable {
    public var root: YAMLNode
    /// 0-based index of the document in its stream.
    public var index: Int
    /// Non-fatal problems inside the document: duplicate keys, bad merges.
    public var findings: [Finding]

    /// Every scalar of the document (keys included) with its span.
    public func forEachScalar(_ body: (String, SourceRange) -> Void) {
        for record in root.tree.records where record.kind == .scalar {
            body(record.value, record.range)
        }
    }

    /// An empty document (`---` followed by nothing) holds a plain null.
    public var isEmpty: Bool {
        guard let scalar = root.scalar else { return false }
        return scalar.tag == nil && scalar.style == .plain && ResolvedScalar(scalar) == .null
    }
}

/// A parsed stream: the documents read before any fatal error, and that error.
public struct YAMLStream: Sendable {
    public var documents: [YAMLDocument]
    public var fatal: Finding?
}
