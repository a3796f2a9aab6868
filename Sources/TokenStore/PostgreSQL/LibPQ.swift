import TokenKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The system libpq (Debian `libpq5`), loaded with dlopen the first time a
/// PostgreSQL URI is given: linking it would slow every command's start-up
/// by its TLS, Kerberos and LDAP dependencies (SPEC §6). The functions are
/// declared here from libpq-fe.h, so building needs no libpq headers either.
struct LibPQ: @unchecked Sendable {
    typealias Connection = OpaquePointer
    typealias Result = OpaquePointer

    let connectdb: @convention(c) (UnsafePointer<CChar>) -> Connection?
    let status: @convention(c) (Connection?) -> Int32
    let errorMessage: @convention(c) (Connection?) -> UnsafePointer<CChar>?
    let finish: @convention(c) (Connection?) -> Void
    let exec: @convention(c) (Connection?, UnsafePointer<CChar>) -> Result?
    let execParams:
        @convention(c) (
            Connection?, UnsafePointer<CChar>, Int32, UnsafePointer<UInt32>?, UnsafePointer<UnsafePointer<CChar>?>?,
            UnsafePointer<Int32>?, UnsafePointer<Int32>?, Int32
        ) -> Result?
    let resultStatus: @convention(c) (Result?) -> Int32
    let resultErrorField: @convention(c) (Result?, Int32) -> UnsafePointer<CChar>?
    let resultErrorMessage: @convention(c) (Result?) -> UnsafePointer<CChar>?
    let ntuples: @convention(c) (Result?) -> Int32
    let getvalue: @convention(c) (Result?, Int32, Int32) -> UnsafePointer<CChar>?
    let getlength: @convention(c) (Result?, Int32, Int32) -> Int32
    let getisnull: @convention(c) (Result?, Int32, Int32) -> Int32
    let clear: @convention(c) (Result?) -> Void
    let putCopyData: @convention(c) (Connection?, UnsafePointer<CChar>, Int32) -> Int32
    let putCopyEnd: @convention(c) (Connection?, UnsafePointer<CChar>?) -> Int32
    let getResult: @convention(c) (Connection?) -> Result?
    let host: @convention(c) (Connection?) -> UnsafePointer<CChar>?
    let port: @convention(c) (Connection?) -> UnsafePointer<CChar>?

    static let execStatusCommandOK: Int32 = 1
    static let execStatusTuplesOK: Int32 = 2
    static let execStatusCopyIn: Int32 = 4
    static let connectionOK: Int32 = 0
    static let diagnosticSQLState = Int32(UInt8(ascii: "C"))

    /// The library, loaded once per process; nil with the reason when it cannot be.
    static let shared: (library: LibPQ?, problem: String?) = load()

    static func load(_ file: String = "libpq.so.5") -> (library: LibPQ?, problem: String?) {
        guard let handle = dlopen(file, RTLD_NOW | RTLD_LOCAL) else {
            return (nil, "PostgreSQL stores need the system libpq client library, which is not installed (Debian: apt-get install libpq5)")
        }
        func symbol<T>(_ name: String, as type: T.Type) -> T? {
            guard let pointer = dlsym(handle, name) else { return nil }
            return unsafeBitCast(pointer, to: type)
        }
        guard let connectdb = symbol("PQconnectdb", as: (@convention(c) (UnsafePointer<CChar>) -> Connection?).self),
            let status = symbol("PQstatus", as: (@convention(c) (Connection?) -> Int32).self),
            let errorMessage = symbol("PQerrorMessage", as: (@convention(c) (Connection?) -> UnsafePointer<CChar>?).self),
            let finish = symbol("PQfinish", as: (@convention(c) (Connection?) -> Void).self),
            let exec = symbol("PQexec", as: (@convention(c) (Connection?, UnsafePointer<CChar>) -> Result?).self),
            let execParams = symbol(
                "PQexecParams",
                as: (@convention(c) (
                    Connection?, UnsafePointer<CChar>, Int32, UnsafePointer<UInt32>?, UnsafePointer<UnsafePointer<CChar>?>?,
                    UnsafePointer<Int32>?, UnsafePointer<Int32>?, Int32
                ) -> Result?).self),
            let resultStatus = symbol("PQresultStatus", as: (@convention(c) (Result?) -> Int32).self),
            let resultErrorField = symbol("PQresultErrorField", as: (@convention(c) (Result?, Int32) -> UnsafePointer<CChar>?).self),
            let resultErrorMessage = symbol("PQresultErrorMessage", as: (@convention(c) (Result?) -> UnsafePointer<CChar>?).self),
            let ntuples = symbol("PQntuples", as: (@convention(c) (Result?) -> Int32).self),
            let getvalue = symbol("PQgetvalue", as: (@convention(c) (Result?, Int32, Int32) -> UnsafePointer<CChar>?).self),
            let getlength = symbol("PQgetlength", as: (@convention(c) (Result?, Int32, Int32) -> Int32).self),
            let getisnull = symbol("PQgetisnull", as: (@convention(c) (Result?, Int32, Int32) -> Int32).self),
            let clear = symbol("PQclear", as: (@convention(c) (Result?) -> Void).self),
            let putCopyData = symbol("PQputCopyData", as: (@convention(c) (Connection?, UnsafePointer<CChar>, Int32) -> Int32).self),
            let putCopyEnd = symbol("PQputCopyEnd", as: (@convention(c) (Connection?, UnsafePointer<CChar>?) -> Int32).self),
            let getResult = symbol("PQgetResult", as: (@convention(c) (Connection?) -> Result?).self),
            let host = symbol("PQhost", as: (@convention(c) (Connection?) -> UnsafePointer<CChar>?).self),
            let port = symbol("PQport", as: (@convention(c) (Connection?) -> UnsafePointer<CChar>?).self)
        else {
            return (nil, "the installed libpq (libpq.so.5) lacks functions tokenctl needs; install a current libpq5")
        }
        return (
            LibPQ(
                connectdb: connectdb, status: status, errorMessage: errorMessage, finish: finish, exec: exec, execParams: execParams,
                resultStatus: resultStatus, resultErrorField: resultErrorField, resultErrorMessage: resultErrorMessage,
                ntuples: ntuples, getvalue: getvalue, getlength: getlength, getisnull: getisnull, clear: clear,
                putCopyData: putCopyData, putCopyEnd: putCopyEnd, getResult: getResult, host: host, port: port),
            nil
        )
    }
}
