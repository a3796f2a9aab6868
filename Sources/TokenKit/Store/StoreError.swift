/// A database failure, by kind, with a message in the store's own terms; what
/// the operator can change (flags, variables) is named by the command line.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        case missing, cannotOpen, locked, notADatabase, corrupt, newerSchema, olderSchema, readOnly, full, ioError, other
    }

    /// Something the operator can set that would help, for the command line to name.
    public enum Remedy: Sendable {
        /// A longer wait for locks.
        case longerBusyTimeout
        /// Another database location.
        case otherLocation
    }

    public var kind: Kind
    public var message: String
    public var remedy: Remedy?

    public init(_ kind: Kind, _ message: String, remedy: Remedy? = nil) {
        self.kind = kind
        self.message = message
        self.remedy = remedy
    }

    public var description: String { message }
}
