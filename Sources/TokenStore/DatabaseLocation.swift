import TokenKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The database file's surroundings: creating it and its directories,
/// whether its directory is writable, its write-ahead log.
enum DatabaseLocation {
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// Creates missing parent directories (0700) and the database file (0600).
    static func prepareNewFile(_ path: String) throws(StoreError) {
        let directory = parent(of: path)
        if !directory.isEmpty { try makeDirectories(directory) }
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StoreError(.cannotOpen, "cannot create database \(path): \(String(cString: strerror(errno)))")
        }
        close(descriptor)
    }

    /// Whether files can be created beside the database (its -wal and -shm
    /// files need that): false on a read-only mount.
    static func directoryIsWritable(_ path: String) -> Bool {
        let directory = parent(of: path)
        return access(directory.isEmpty ? "." : directory, W_OK) == 0
    }

    /// Whether the database has a write-ahead log with content, which a
    /// reader that cannot create the shared-memory index could not see.
    static func hasPendingLog(_ path: String) -> Bool {
        var info = stat()
        return stat(path + "-wal", &info) == 0 && info.st_size > 0
    }

    /// The database as an SQLite URI that reads it as immutable: no locks and
    /// no -shm file, for read-only media where neither can be had.
    static func immutableURI(_ path: String) -> String {
        var absolute = path
        if !path.hasPrefix("/"), let cwd = getcwd(nil, 0) {
            absolute = String(cString: cwd) + "/" + path
            free(cwd)
        }
        var escaped = ""
        for scalar in absolute.unicodeScalars {
            switch scalar {
            case "%": escaped += "%25"
            case "?": escaped += "%3F"
            case "#": escaped += "%23"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return "file:" + escaped + "?immutable=1"
    }

    private static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func makeDirectories(_ directory: String) throws(StoreError) {
        if exists(directory) { return }
        let above = parent(of: directory)
        if !above.isEmpty && above != directory { try makeDirectories(above) }
        if mkdir(directory, 0o700) != 0 && errno != EEXIST {
            throw StoreError(.cannotOpen, "cannot create directory \(directory): \(String(cString: strerror(errno)))")
        }
    }
}
