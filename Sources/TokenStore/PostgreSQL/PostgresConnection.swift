import TokenKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One libpq connection: statements with text parameters, results read in
/// place, COPY for bulk rows. Errors carry the server's SQLSTATE so the store
/// can tell a serialisation failure from a refused login.
final class PostgresConnection: @unchecked Sendable {
    private let pq: LibPQ
    private let handle: LibPQ.Connection
    /// The URI without its password, for messages.
    let display: String

    private init(pq: LibPQ, handle: LibPQ.Connection, display: String) {
        self.pq = pq
        self.handle = handle
        self.display = display
    }

    deinit { pq.finish(handle) }

    /// Connects with everything libpq understands in the URI, plus `PG*` variables, `.pgpass` and service files.
    static func connect(uri: String, display: String) throws(StoreError) -> PostgresConnection {
        guard let pq = LibPQ.shared.library else { throw StoreError(.cannotOpen, LibPQ.shared.problem ?? "libpq is not available") }
        guard let handle = pq.connectdb(uri) else { throw StoreError(.cannotOpen, "cannot connect to PostgreSQL (\(display)): out of memory") }
        guard pq.status(handle) == LibPQ.connectionOK else {
            let host = pq.host(handle).map { String(cString: $0) } ?? ""
            let port = pq.port(handle).map { String(cString: $0) } ?? ""
            let detail = firstLine(pq.errorMessage(handle).map { String(cString: $0) } ?? "")
            pq.finish(handle)
            let place = host.isEmpty ? display : "\(host.hasPrefix("/") ? "socket in \(host)" : host) port \(port.isEmpty ? "5432" : port)"
            throw StoreError(.cannotOpen, "cannot connect to PostgreSQL at \(place): \(detail)")
        }
        let connection = PostgresConnection(pq: pq, handle: handle, display: display)
        // Notices ("schema already exists") are not the operator's business.
        do { try connection.execute("SET client_min_messages = warning") } catch { throw error.storeError(display) }
        return connection
    }

    /// Runs one statement with text parameters (nil is NULL).
    @discardableResult
    func execute(_ sql: String, _ parameters: [String?] = []) throws(PostgresError) -> PostgresResult {
        let result: LibPQ.Result?
        if parameters.isEmpty {
            result = pq.exec(handle, sql)
        } else {
            var copies: [UnsafeMutablePointer<CChar>?] = parameters.map { $0.map { strdup($0) } ?? nil }
            defer { for copy in copies { free(copy) } }
            result = copies.withUnsafeMutableBufferPointer { buffer in
                buffer.withMemoryRebound(to: UnsafePointer<CChar>?.self) { values in
                    pq.execParams(handle, sql, Int32(parameters.count), nil, values.baseAddress, nil, nil, 0)
                }
            }
        }
        return try check(result)
    }

    /// `COPY … FROM STDIN` with rows in COPY's text format.
    func copy(_ sql: String, rows: [UInt8]) throws(PostgresError) {
        _ = try check(pq.exec(handle, sql), expecting: LibPQ.execStatusCopyIn)
        var offset = 0
        let chunk = 1 << 20
        while offset < rows.count {
            let end = min(offset + chunk, rows.count)
            let sent = rows[offset..<end].withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { pq.putCopyData(handle, $0.baseAddress!, Int32($0.count)) }
            }
            guard sent == 1 else { throw PostgresError(sqlState: "", message: connectionMessage()) }
            offset = end
        }
        guard pq.putCopyEnd(handle, nil) == 1 else { throw PostgresError(sqlState: "", message: connectionMessage()) }
        var failure: PostgresError?
        while let result = pq.getResult(handle) {
            do { _ = try check(result) } catch { failure = failure ?? error }
        }
        if let failure { throw failure }
    }

    private func check(_ result: LibPQ.Result?, expecting expected: Int32? = nil) throws(PostgresError) -> PostgresResult {
        guard let result else { throw PostgresError(sqlState: "", message: connectionMessage()) }
        let status = pq.resultStatus(result)
        let fine = expected.map { status == $0 } ?? (status == LibPQ.execStatusCommandOK || status == LibPQ.execStatusTuplesOK)
        guard fine else {
            let state = pq.resultErrorField(result, LibPQ.diagnosticSQLState).map { String(cString: $0) } ?? ""
            let message = Self.firstLine(pq.resultErrorMessage(result).map { String(cString: $0) } ?? "")
            pq.clear(result)
            throw PostgresError(sqlState: state, message: message.isEmpty ? connectionMessage() : message)
        }
        return PostgresResult(pq: pq, handle: result)
    }

    private func connectionMessage() -> String {
        Self.firstLine(pq.errorMessage(handle).map { String(cString: $0) } ?? "the connection failed")
    }

    static func firstLine(_ text: String) -> String {
        let line = text.split(separator: "\n").first.map(String.init) ?? ""
        return line.hasPrefix("ERROR:  ") ? String(line.dropFirst(8)) : line.trimmingASCIIWhitespace()
    }
}

/// A statement's rows, read in place; freed with the value.
final class PostgresResult {
    private let pq: LibPQ
    private let handle: LibPQ.Result

    init(pq: LibPQ, handle: LibPQ.Result) {
        self.pq = pq
        self.handle = handle
    }

    deinit { pq.clear(handle) }

    var count: Int { Int(pq.ntuples(handle)) }

    func row(_ index: Int) -> PostgresRow { PostgresRow(result: self, index: Int32(index)) }

    var rows: [PostgresRow] { (0..<count).map(row) }

    fileprivate func bytes(_ row: Int32, _ column: Int32) -> UnsafeBufferPointer<UInt8>? {
        guard pq.getisnull(handle, row, column) == 0, let value = pq.getvalue(handle, row, column) else { return nil }
        return UnsafeRawPointer(value).withMemoryRebound(to: UInt8.self, capacity: 1) {
            UnsafeBufferPointer(start: $0, count: Int(pq.getlength(handle, row, column)))
        }
    }
}

/// A result's rows one at a time.
struct PostgresCursor: CandidateRowCursor {
    let result: PostgresResult
    private var index = -1

    init(result: PostgresResult) {
        self.result = result
    }

    mutating func advance() throws -> Bool {
        index = min(index + 1, result.count)
        return index < result.count
    }

    var row: PostgresRow { result.row(index) }
}

/// One row of a result (text format), column by column.
struct PostgresRow: CandidateRuleRow {
    let result: PostgresResult
    let index: Int32

    func text(_ column: Int32) -> String {
        guard let bytes = result.bytes(index, column) else { return "" }
        return String(decoding: bytes, as: UTF8.self)
    }

    func isNull(_ column: Int32) -> Bool { result.bytes(index, column) == nil }

    func optionalInteger(_ column: Int32) -> Int64? {
        guard let bytes = result.bytes(index, column) else { return nil }
        return Int64(String(decoding: bytes, as: UTF8.self))
    }

    func bool(_ column: Int32) -> Bool { result.bytes(index, column)?.first == UInt8(ascii: "t") }

    /// The column's bytes in place (valid while the result lives); empty for NULL.
    func bytes(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
        result.bytes(index, column) ?? UnsafeBufferPointer(start: nil, count: 0)
    }
}

/// A failed statement: the server's SQLSTATE ("" when the connection itself failed) and its message.
struct PostgresError: Error {
    var sqlState: String
    var message: String
    /// tokenctl's own refusal met inside a transaction (a foreign or newer schema): reported as it is.
    var refusal: StoreError?

    init(sqlState: String, message: String) {
        self.sqlState = sqlState
        self.message = message
    }

    init(refusal: StoreError) {
        self.init(sqlState: "", message: refusal.message)
        self.refusal = refusal
    }

    /// Serialisation failures and deadlocks: the transaction may simply be run again.
    var isRetriable: Bool { sqlState == "40001" || sqlState == "40P01" }

    func storeError(_ display: String) -> StoreError {
        if let refusal { return refusal }
        switch sqlState {
        case "55P03":
            return StoreError(
                .locked, "database \(display): a lock stayed taken past the busy timeout (\(message)); try again", remedy: .longerBusyTimeout)
        case "42501":
            return StoreError(.readOnly, "database \(display): permission denied (\(message)); this command needs a role that may write to schema tokenctl")
        case "25006":
            return StoreError(.readOnly, "database \(display) is read-only (\(message))")
        case "53100":
            return StoreError(.full, "database \(display): the server's disk is full (\(message)); nothing was stored")
        case "":
            return StoreError(.cannotOpen, "database \(display): the connection failed (\(message))")
        default:
            return StoreError(.other, "database \(display): \(message)")
        }
    }
}
