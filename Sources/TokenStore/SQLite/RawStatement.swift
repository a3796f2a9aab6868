import TokenKit
import GRDB
import GRDBSQLite

/// A prepared statement driven through the SQLite C API (bound and stepped
/// without GRDB's per-call argument boxing), finalized with its owner.
final class RawStatement {
    private let handle: OpaquePointer
    private let connection: OpaquePointer
    private let sql: String
    private var boundText = BoundText()

    init(_ db: Database, _ sql: String) throws {
        guard let connection = db.sqliteConnection else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "the database connection is closed")
        }
        var handle: OpaquePointer?
        let code = sqlite3_prepare_v2(connection, sql, -1, &handle, nil)
        guard code == SQLITE_OK, let handle else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        }
        self.handle = handle
        self.connection = connection
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    func bind(_ index: Int32, _ text: String) {
        boundText.add(index, text)
    }

    func bind(_ index: Int32, _ value: Int64?) {
        if let value {
            sqlite3_bind_int64(handle, index, value)
        } else {
            sqlite3_bind_null(handle, index)
        }
    }

    /// Steps a one-column query: the first row's text, or nil when there is no row.
    func text() throws -> String? {
        try step { code in
            switch code {
            case SQLITE_ROW:
                guard let bytes = sqlite3_column_text(handle, 0) else { return nil }
                return String(cString: bytes)
            case SQLITE_DONE:
                return nil
            default:
                throw failure()
            }
        }
    }

    func run() throws {
        try step { code in
            guard code == SQLITE_DONE else { throw failure() }
        }
    }

    /// Binds the pending text, steps once, hands the result code to `body`
    /// while the row is readable, then resets the statement and unbinds
    /// everything: the text bytes are only valid inside this call.
    private func step<T>(_ body: (Int32) throws -> T) throws -> T {
        try withBoundText { try body(sqlite3_step(handle)) }
    }

    /// Steps through every row, handing each to `body` while it is readable.
    func forEachRow(_ body: (RawRow) throws -> Void) throws {
        try withBoundText {
            while try stepRow() { try body(currentRow) }
        }
    }

    /// Hands `body` a cursor over the rows (the pending text bound), for
    /// reading two statements' rows side by side.
    func withCursor<T>(_ body: (inout RawCursor) throws -> T) throws -> T {
        try withBoundText {
            var cursor = RawCursor(statement: self)
            return try body(&cursor)
        }
    }

    /// One step: true on a row, false when done.
    fileprivate func stepRow() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw failure()
        }
    }

    fileprivate var currentRow: RawRow { RawRow(handle: handle) }

    /// Runs `body` with the pending text bound in place; resets and unbinds afterwards.
    private func withBoundText<T>(_ body: () throws -> T) throws -> T {
        defer { boundText.removeAll() }
        return try boundText.bytes.withUnsafeBufferPointer { buffer in
            defer {
                sqlite3_reset(handle)
                sqlite3_clear_bindings(handle)
            }
            guard let base = UnsafeRawPointer(buffer.baseAddress) else { throw failure() }
            for parameter in boundText.parameters {
                // A nil destructor is SQLITE_STATIC: SQLite neither copies nor frees the bytes.
                sqlite3_bind_text(
                    handle, parameter.index, (base + parameter.start).assumingMemoryBound(to: CChar.self), parameter.count, nil)
            }
            return try body()
        }
    }

    private func failure() -> DatabaseError {
        DatabaseError(
            resultCode: ResultCode(rawValue: sqlite3_extended_errcode(connection)),
            message: String(cString: sqlite3_errmsg(connection)), sql: sql)
    }
}

/// A statement's rows one at a time (inside `withCursor`).
struct RawCursor: CandidateRowCursor {
    fileprivate let statement: RawStatement
    private var done = false

    fileprivate init(statement: RawStatement) {
        self.statement = statement
    }

    mutating func advance() throws -> Bool {
        guard !done else { return false }
        done = try !statement.stepRow()
        return !done
    }

    var row: RawRow { statement.currentRow }
}

/// The current row of a `RawStatement`, read column by column.
struct RawRow: CandidateRuleRow {
    let handle: OpaquePointer

    /// A text column ("" for NULL), without an intermediate C string.
    func text(_ column: Int32) -> String {
        guard let bytes = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// A text column's bytes, valid until the statement steps again.
    func bytes(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
        guard let bytes = sqlite3_column_text(handle, column) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, column)))
    }

    func optionalInteger(_ column: Int32) -> Int64? {
        sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, column)
    }
}

/// The text parameters of a statement, kept until it has stepped so SQLite
/// reads them in place instead of copying each value (a bulk create binds
/// well over a million). One value, so binding is one access to the
/// statement rather than one per array.
private struct BoundText {
    /// Starts with one byte so an empty value still has an address (a null one would bind NULL).
    private(set) var bytes: [UInt8] = [0]
    private(set) var parameters: [(index: Int32, start: Int, count: Int32)] = []

    mutating func add(_ index: Int32, _ text: String) {
        let start = bytes.count
        bytes.appendUTF8(of: text)
        parameters.append((index, start, Int32(bytes.count - start)))
    }

    mutating func removeAll() {
        bytes.removeSubrange(1...)
        parameters.removeAll(keepingCapacity: true)
    }
}
