/// A database failure: every one exits 3 (SPEC §1).
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        case missing, cannotOpen, locked, notADatabase, corrupt, newerSchema, olderSchema, readOnly, full, ioError, other
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
