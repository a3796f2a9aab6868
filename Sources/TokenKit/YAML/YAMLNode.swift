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

/// A node of a YAML document with the source span it came from. Aliases are
/// already replaced by (copies of) their anchored node, merge keys applied.
/// A class: trees are built once and read many times, and passing a
/// reference is far cheaper than copying a multi-field value.
public final class YAMLNode: Sendable, Equatable {
    public enum Content: Sendable, Equatable {
        case scalar(YAMLScalar)
        case sequence([YAMLNode])
        case mapping([YAMLEntry])
    }

    public let content: Content
    public let range: SourceRange
    /// The explicit tag of a collection (a scalar's tag is in its `YAMLScalar`).
    public let tag: String?

    public static func == (lhs: YAMLNode, rhs: YAMLNode) -> Bool {
        lhs === rhs || (lhs.content == rhs.content && lhs.range == rhs.range && lhs.tag == rhs.tag)
    }

    /// The same content seen at another place (an alias).
    public func moved(to range: SourceRange) -> YAMLNode {
        YAMLNode(content, range: range, tag: tag)
    }

    public init(_ content: Content, range: SourceRange, tag: String? = nil) {
        self.content = content
        self.range = range
        self.tag = tag
    }

    public var scalar: YAMLScalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }

    public var entries: [YAMLEntry]? {
        if case .mapping(let entries) = content { return entries }
        return nil
    }

    public var items: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    /// What the node is, in words for messages ("a mapping").
    public var kindDescription: String {
        switch content {
        case .scalar(let scalar): ResolvedScalar(scalar).kindDescription
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }
}

public struct YAMLEntry: Sendable, Equatable {
    public var key: YAMLNode
    public var value: YAMLNode

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }

    /// The key as text; non-scalar keys have none.
    public var name: String? { key.scalar?.value }
}

public struct YAMLDocument: Sendable, Equatable {
    public var root: YAMLNode
    /// 0-based index of the document in its stream.
    public var index: Int
    /// Non-fatal problems inside the document: duplicate keys, bad merges.
    public var findings: [Finding]

    /// An empty document (`---` followed by nothing) holds a plain null.
    public var isEmpty: Bool {
        if case .scalar(let scalar) = root.content {
            return scalar.tag == nil && scalar.style == .plain && ResolvedScalar(scalar) == .null
        }
        return false
    }
}

/// A parsed stream: the documents read before any fatal error, and that error.
public struct YAMLStream: Sendable {
    public var documents: [YAMLDocument]
    public var fatal: Finding?
}
