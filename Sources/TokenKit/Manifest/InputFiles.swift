#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One input as named on the command line (or found in a directory), read
/// into memory, or the reason it could not be.
public struct InputFile: Sendable {
    public enum Content: Sendable {
        case bytes([UInt8])
        case unreadable(String)
        /// Over the size limit; the size when it is known (not for a stream).
        case tooLarge(Int?)
    }

    public var name: String
    public var content: Content

    public init(name: String, content: Content) {
        self.name = name
        self.content = content
    }

    /// The name used for standard input in messages.
    public static let stdinName = "<stdin>"
}

/// Expands paths (files, directories, `-`) into input files, reading each
/// with a size bound. Directories are walked recursively for *.yaml and
/// *.yml in byte-wise sorted order, skipping dot-directories and not
/// following symlinked directories.
public struct InputFiles: Sendable {
    public var maxBytes: Int
    /// Whether a character or block device may be read (`lint /dev/stdin`);
    /// an identity document never comes from one.
    public var allowsDevices: Bool

    public init(maxBytes: Int = InputLimits.standard.maxFileBytes, allowsDevices: Bool = true) {
        self.maxBytes = maxBytes
        self.allowsDevices = allowsDevices
    }

    public func collect(_ paths: [String]) -> [InputFile] {
        var files: [InputFile] = []
        for path in paths {
            if path == "-" {
                files.append(InputFile(name: InputFile.stdinName, content: readDescriptor(STDIN_FILENO)))
                continue
            }
            var info = stat()
            if stat(RawPath.cString(path), &info) != 0 {
                files.append(InputFile(name: RawPath.display(path), content: .unreadable(lastErrorMessage())))
            } else if (info.st_mode & S_IFMT) == S_IFDIR {
                files += walk(path)
            } else {
                files.append(read(path))
            }
        }
        return files
    }

    /// What a directory walk finds: a manifest to read, or a directory that could not be read.
    public enum WalkEntry: Equatable, Sendable {
        case manifest(String)
        case unreadableDirectory(String, reason: String)
    }

    /// Manifest paths under a directory, depth-first in byte-wise sorted
    /// order; a directory that cannot be read is an entry too, never skipped
    /// silently.
    public func manifestPaths(under directory: String) -> [WalkEntry] {
        var found: [WalkEntry] = []
        walk(directory, into: &found)
        return found
    }

    private func walk(_ directory: String, into found: inout [WalkEntry]) {
        guard let handle = opendir(RawPath.cString(directory)) else {
            found.append(.unreadableDirectory(directory, reason: lastErrorMessage()))
            return
        }
        var entries: [(name: String, bytes: [UInt8], isDirectory: Bool)] = []
        while let entry = readdir(handle) {
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if bytes == [0x2E] || bytes == [0x2E, 0x2E] { continue }
            let name = RawPath.decode(bytes)
            let isHidden = bytes.first == 0x2E
            // d_type saves a stat per entry; file systems that do not fill it get lstat.
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_DIR):
                if !isHidden { entries.append((name, bytes, true)) }
                continue
            case Int32(DT_REG):
                if isManifestName(name) { entries.append((name, bytes, false)) }
                continue
            default:
                break
            }
            let path = join(directory, name)
            var info = stat()
            // lstat: a symlinked directory is not followed; a symlinked file is read.
            guard lstat(RawPath.cString(path), &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                if !isHidden { entries.append((name, bytes, true)) }
            case S_IFREG:
                if isManifestName(name) { entries.append((name, bytes, false)) }
            case S_IFLNK:
                var target = stat()
                if isManifestName(name), stat(RawPath.cString(path), &target) == 0, (target.st_mode & S_IFMT) == S_IFREG {
                    entries.append((name, bytes, false))
                }
            default:
                break
            }
        }
        closedir(handle)
        // Sort as whole paths sort byte-wise: a directory's name is followed by "/". Each key is
        // made once and compared with memcmp (a directory of a fleet's manifests has thousands).
        let keys = entries.map { $0.isDirectory ? $0.bytes + [0x2F] : $0.bytes }
        let order = keys.indices.sorted { a, b in keys[b].withUnsafeBufferPointer { compareBytes(keys[a], $0) < 0 } }
        for entry in order.map({ entries[$0] }) {
            let path = join(directory, entry.name)
            if entry.isDirectory {
                walk(path, into: &found)
            } else {
                found.append(.manifest(path))
            }
        }
    }

    private func isManifestName(_ name: String) -> Bool {
        name.hasSuffix(".yaml") || name.hasSuffix(".yml")
    }

    private func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    private func walk(_ directory: String) -> [InputFile] {
        manifestPaths(under: directory).map { entry in
            switch entry {
            case .manifest(let path): read(path)
            case .unreadableDirectory(let path, let reason):
                InputFile(name: RawPath.display(path), content: .unreadable("cannot read directory: \(reason)"))
            }
        }
    }

    /// Reads one file by its real bytes. Opened without blocking, so a named
    /// pipe that nobody writes to cannot hang the command.
    public func read(_ path: String) -> InputFile {
        let name = RawPath.display(path)
        let descriptor = open(RawPath.cString(path), O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return InputFile(name: name, content: .unreadable(lastErrorMessage())) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return InputFile(name: name, content: .unreadable(lastErrorMessage())) }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            return InputFile(name: name, content: .unreadable("is a directory, not a file"))
        case S_IFREG:
            if Int(info.st_size) > maxBytes { return InputFile(name: name, content: .tooLarge(Int(info.st_size))) }
            // O_NONBLOCK has no effect on a regular file (open(2)): no call to clear it, once per file of a walk.
            return InputFile(name: name, content: readRegularFile(descriptor, size: Int(info.st_size)))
        case S_IFCHR, S_IFBLK:
            guard allowsDevices else { return InputFile(name: name, content: .unreadable("is a device, not a file")) }
        case S_IFIFO:
            // A pipe (process substitution, a named pipe with a writer) is read to its end; a
            // named pipe nobody writes to must not hang the command.
            guard let first = firstByteOfPipe(descriptor) else {
                return InputFile(name: name, content: .unreadable("is a named pipe (FIFO) with no writer"))
            }
            _ = fcntl(descriptor, F_SETFL, 0)
            switch readDescriptor(descriptor, alreadyRead: first.count) {
            case .bytes(let rest): return InputFile(name: name, content: .bytes(first + rest))
            case let failure: return InputFile(name: name, content: failure)
            }
        default:
            break
        }
        _ = fcntl(descriptor, F_SETFL, 0)
        return InputFile(name: name, content: readDescriptor(descriptor))
    }

    /// The first byte of a pipe opened without blocking (empty when a writer
    /// is there but has written nothing yet), or nil when nobody writes to it
    /// within a moment (a writer may still be opening its end).
    private func firstByteOfPipe(_ descriptor: Int32) -> [UInt8]? {
        var byte: UInt8 = 0
        for attempt in 0..<2 {
            let count = Glibc.read(descriptor, &byte, 1)
            if count == 1 { return [byte] }
            if count < 0 && errno == EAGAIN { return [] }
            if count < 0 && errno != EINTR { return nil }
            guard attempt == 0 else { break }
            var ready = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            _ = poll(&ready, 1, 250)
        }
        return nil
    }

    /// Reads a regular file of known size straight into its buffer: a
    /// snapshot of its first `size` bytes, without a further read for EOF.
    private func readRegularFile(_ descriptor: Int32, size: Int) -> InputFile.Content {
        guard size > 0 else { return readDescriptor(descriptor) }  // /proc-like files report 0
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while filled < size {
            let count = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + filled, size - filled) }
            if count < 0 {
                if errno == EINTR { continue }
                return .unreadable(lastErrorMessage())
            }
            if count == 0 { break }  // it shrank while being read
            filled += count
        }
        if filled < size { bytes.removeLast(size - filled) }
        return .bytes(bytes)
    }

    /// Reads to end of file, at most `maxBytes + 1` bytes (counting those already read).
    private func readDescriptor(_ descriptor: Int32, alreadyRead: Int = 0) -> InputFile.Content {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .unreadable(lastErrorMessage())
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count + alreadyRead > maxBytes { return .tooLarge(nil) }
        }
        return .bytes(bytes)
    }

    private func lastErrorMessage() -> String {
        String(cString: strerror(errno)).lowercased()
    }
}
