import TokenKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the database path names on disk, looked at before SQLite touches it:
/// only a regular file that is empty (for a writer) or starts with SQLite's
/// header is ever handed to SQLite, so nothing else is opened, let alone
/// written.
enum DatabaseFile: Equatable {
    case missing
    /// A regular file of no bytes: a new database for commands that write.
    case empty
    /// A regular file that starts with SQLite's header; `othersCanRead` when its mode lets group or others read it.
    case sqlite(othersCanRead: Bool)
    /// A regular file that is not SQLite.
    case notSQLite
    /// Anything but a regular file, described for a message ("a directory").
    case notAFile(String)

    static func inspect(_ path: String) -> DatabaseFile {
        var info = stat()
        guard stat(path, &info) == 0 else {
            var link = stat()
            if lstat(path, &link) == 0 && (link.st_mode & S_IFMT) == S_IFLNK {
                return .notAFile("a symbolic link to a file that does not exist")
            }
            return errno == ENOENT ? .missing : .notAFile("not accessible (\(String(cString: strerror(errno)).lowercased()))")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return .notAFile("a directory")
        case S_IFCHR: return .notAFile("a character device")
        case S_IFBLK: return .notAFile("a block device")
        case S_IFIFO: return .notAFile("a named pipe (FIFO)")
        case S_IFSOCK: return .notAFile("a socket")
        default: return .notAFile("not a regular file")
        }
        if info.st_size == 0 { return .empty }
        guard hasSQLiteHeader(path) else { return .notSQLite }
        return .sqlite(othersCanRead: info.st_mode & 0o044 != 0)
    }

    /// Whether the file starts with "SQLite format 3\0". Opened without
    /// blocking and never for writing.
    private static func hasSQLiteHeader(_ path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return true }  // unreadable: let SQLite say why
        defer { close(descriptor) }
        var header = [UInt8](repeating: 0, count: 16)
        let count = header.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, 16) }
        return count == 16 && header == Array("SQLite format 3".utf8) + [0]
    }
}
