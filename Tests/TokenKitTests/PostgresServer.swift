import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL cluster on a free loopback port, started once for
/// the test run by fixtures/postgres/pg_server.py (initdb as an unprivileged
/// user into a temporary directory; stopped and removed when the tests end,
/// however they end). Each test works in a database of its own. A test that
/// needs it fails, not skips, when it cannot be started.
final class PostgresServer: Sendable {
    let port: Int
    let password: String
    let readerPassword: String
    let bindir: String

    static let shared: Result<PostgresServer, MotoServer.MotoError> = {
        do { return .success(try PostgresServer()) } catch let error as MotoServer.MotoError { return .failure(error) } catch {
            return .failure(MotoServer.MotoError(message: "\(error)"))
        }
    }()

    static func require() throws -> PostgresServer { try shared.get() }

    private init() throws {
        port = try MotoServer.freePort()
        let log = try TestPaths.temporaryDirectory().appendingPathComponent("pg.out")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", TestPaths.fixtures.appendingPathComponent("postgres/pg_server.py").path, String(port)]
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw MotoServer.MotoError(message: "cannot start fixtures/postgres/pg_server.py: \(error)")
        }
        MotoServer.register(process.processIdentifier)
        let deadline = Date().addingTimeInterval(90)
        var object: [String: Any]?
        while object == nil {
            let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let line = output.split(separator: "\n").first(where: { $0.hasPrefix("{") }) {
                object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            }
            guard object != nil || (process.isRunning && Date() < deadline) else {
                throw MotoServer.MotoError(
                    message: "PostgreSQL did not start (make test installs postgresql when run as root): \(output.suffix(2000))")
            }
            if object == nil { usleep(100_000) }
        }
        password = object?["password"] as? String ?? ""
        readerPassword = object?["readerPassword"] as? String ?? ""
        bindir = object?["bindir"] as? String ?? ""
    }

    /// A URI for tokenctl; the superuser's password unless another login is given.
    func uri(database: String, user: String = "tokenctl", password: String? = nil) -> String {
        "postgresql://\(user):\(password ?? self.password)@127.0.0.1:\(port)/\(database)"
    }

    /// Runs SQL as the superuser through psql.
    @discardableResult
    func psql(_ sql: String, database: String = "postgres") throws -> CommandResult {
        let result = try run(
            "/usr/bin/env",
            ["PGPASSWORD=\(password)", bindir + "/psql", "-h", "127.0.0.1", "-p", String(port), "-U", "tokenctl", "-d", database, "-v", "ON_ERROR_STOP=1", "-qtAc", sql])
        if result.status != 0 { throw MotoServer.MotoError(message: "psql failed: \(result.stderr)") }
        return result
    }

    /// A new, empty database of a test's own.
    func newDatabase() throws -> String {
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try psql("CREATE DATABASE \(name)")
        return String(name)
    }
}
