import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// moto's AWS emulator in server mode on a free loopback port, started once
/// for the test run and set up by fixtures/aws/moto_setup.py (users with
/// keys, roles, instances running, stopped and terminated), which then
/// switches signature checking on: a wrong signature, secret or session
/// token fails as it would at AWS. A test that needs it fails, not skips,
/// when it cannot be started.
final class MotoServer: Sendable {
    let endpoint: String
    let setup: [String: any Sendable]
    private let pid: Int32

    static let shared: Result<MotoServer, MotoError> = {
        do { return .success(try MotoServer()) } catch let error as MotoError { return .failure(error) } catch {
            return .failure(MotoError(message: "\(error)"))
        }
    }()

    struct MotoError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    private init() throws {
        let port = try Self.freePort()
        endpoint = "http://127.0.0.1:\(port)"
        let log = try TestPaths.temporaryDirectory().appendingPathComponent("moto.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // The wrapper ends the server when this test process is gone, however it ends.
        process.arguments = ["python3", TestPaths.fixtures.appendingPathComponent("aws/moto_server.py").path, String(port)]
        var environment = ProcessInfo.processInfo.environment
        environment["INITIAL_NO_AUTH_ACTION_COUNT"] = "100000"
        process.environment = environment
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw MotoError(message: "cannot start python3 -m moto.server (make test installs moto[server] when run as root): \(error)")
        }
        pid = process.processIdentifier
        MotoServer.register(pid)
        let deadline = Date().addingTimeInterval(60)
        while !Self.accepts(port: port) {
            guard process.isRunning, Date() < deadline else {
                let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                throw MotoError(message: "moto's server did not start on port \(port): \(output.suffix(2000))")
            }
            usleep(100_000)
        }
        let result = try run("/usr/bin/env", ["python3", TestPaths.fixtures.appendingPathComponent("aws/moto_setup.py").path, endpoint])
        guard result.status == 0, let object = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] else {
            throw MotoError(message: "moto set-up failed: \(result.stderr.suffix(3000))")
        }
        setup = object.mapValues { $0 as! any Sendable }
    }

    func string(_ path: String...) -> String {
        var value: Any? = setup
        for key in path { value = (value as? [String: Any])?[key] }
        return value as? String ?? ""
    }

    /// The environment for tokenctl to call this server with a user's (or the session's) keys.
    func environment(_ user: String, region: String = "us-east-1") -> [String: String] {
        var variables = [
            "AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": string(user, "id"), "AWS_SECRET_ACCESS_KEY": string(user, "secret"),
            "AWS_REGION": region, "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
        ]
        let token = string(user, "token")
        if !token.isEmpty { variables["AWS_SESSION_TOKEN"] = token }
        return variables
    }

    // MARK: - Ports and clean-up

    nonisolated(unsafe) private static var started: [Int32] = []

    static func register(_ pid: Int32) {
        started.append(pid)
        if started.count == 1 {
            atexit {
                for pid in MotoServer.started { kill(pid, SIGTERM) }
            }
        }
    }

    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw MotoError(message: "socket() failed") }
        defer { close(descriptor) }
        var address = loopbackAddress(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
        }
        guard bound else { throw MotoError(message: "cannot bind a loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func accepts(port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = loopbackAddress(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}

/// A loopback port that accepts connections and never answers (for
/// timeouts), or never sees one (for "nothing touched the network").
final class SilentListener {
    let port: Int
    private let descriptor: Int32

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.descriptor = descriptor
        var address = loopbackAddress(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ready = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && listen(descriptor, 16) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard ready else { throw MotoServer.MotoError(message: "cannot listen on loopback") }
        port = Int(UInt16(bigEndian: address.sin_port))
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
    }

    deinit { close(descriptor) }

    /// Whether anybody connected (accepting what is queued, without waiting).
    var wasContacted: Bool {
        let connection = accept(descriptor, nil, nil)
        if connection >= 0 { close(connection) }
        return connection >= 0
    }
}

/// 127.0.0.1:`port` (0: any free port) as the socket calls take it.
func loopbackAddress(port: Int) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = UInt16(port).bigEndian
    return address
}

/// One of the small stand-in servers of fixtures/aws (`SCRIPT PORT ARGUMENTS…`)
/// on a free loopback port, stopped when this goes away (and by its own
/// watchdog when the test process does).
final class LoopbackServer {
    let port: Int
    private let process = Process()

    var url: String { "http://127.0.0.1:\(port)" }

    init(_ script: String, _ arguments: String...) throws {
        port = try MotoServer.freePort()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", TestPaths.fixtures.appendingPathComponent("aws/" + script).path, String(port)] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while !MotoServer.accepts(port: port) {
            guard process.isRunning, Date() < deadline else { throw MotoServer.MotoError(message: "\(script) did not start on port \(port)") }
            usleep(50_000)
        }
    }

    deinit {
        kill(process.processIdentifier, SIGKILL)
    }
}
