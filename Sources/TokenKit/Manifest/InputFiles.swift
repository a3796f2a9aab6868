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

    public init(maxBytes: Int = InputLimits.standard.maxFileBytes) {
        self.maxBytes = maxBytes
    }

    public func collect(_ paths: [String]) -> [InputFile] {
        var files: [InputFile] = []
        for path in paths {
            if path == "-" {
                files.append(InputFile(name: InputFile.stdinName, content: readDescriptor(STDIN_FILENO)))
                continue
            }
            var info = stat()
            if stat(path, &info) != 0 {
                files.append(InputFile(name: path, content: .unreadable(lastErrorMessage())))
            } else if (info.st_mode & S_IFMT) == S_IFDIR {
                files += walk(path)
            } else {
                files.append(read(path))
            }
        }
        return files
    }

    /// Manifest paths under a directory, depth-first in byte-wise sorted order.
    public func manifestPaths(under directory: String) -> [String] {
        guard let handle = opendir(directory) else { return [] }
        var entries: [(name: String, isDirectory: Bool)] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name == "." || name == ".." { continue }
            let path = join(directory, name)
            // d_type saves a stat per entry; file systems that do not fill it get lstat.
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_DIR):
                if !name.hasPrefix(".") { entries.append((name, true)) }
                continue
            case Int32(DT_REG):
                if isManifestName(name) { entries.append((name, false)) }
                continue
            default:
                break
            }
            var info = stat()
            // lstat: a symlinked directory is not followed; a symlinked file is read.
            guard lstat(path, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                if !name.hasPrefix(".") { entries.append((name, true)) }
            case S_IFREG:
                if isManifestName(name) { entries.append((name, false)) }
            case S_IFLNK:
                var target = stat()
                if isManifestName(name), stat(path, &target) == 0, (target.st_mode & S_IFMT) == S_IFREG {
                    entries.append((name, false))
                }
            default:
                break
            }
        }
        closedir(handle)
        // Sort as whole paths sort byte-wise: a directory's name is followed by "/".
        let keyed = entries.map { entry in (key: Array((entry.isDirectory ? entry.name + "/" : entry.name).utf8), entry: entry) }
        let sorted = keyed.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map(\.entry)
        var paths: [String] = []
        for entry in sorted {
            let path = join(directory, entry.name)
            if entry.isDirectory {
                paths += manifestPaths(under: path)
            } else {
                paths.append(path)
            }
        }
        return paths
    }

    private func isManifestName(_ name: String) -> Bool {
        name.hasSuffix(".yaml") || name.hasSuffix(".yml")
    }

    private func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    private func walk(_ directory: String) -> [InputFile] {
        manifestPaths(under: directory).map(read)
    }

    public func read(_ path: String) -> InputFile {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return InputFile(name: path, content: .unreadable(lastErrorMessage())) }
        defer { close(descriptor) }
        var info = stat()
        if fstat(descriptor, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFDIR {
                return InputFile(name: path, content: .unreadable("is a directory"))
            }
            if Int(info.st_size) > maxBytes {
                return InputFile(name: path, content: .tooLarge(Int(info.st_size)))
            }
            if (info.st_mode & S_IFMT) == S_IFREG {
                return InputFile(name: path, content: readRegularFile(descriptor, size: Int(info.st_size)))
            }
        }
        return InputFile(name: path, content: readDescriptor(descriptor))
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

    /// Reads to end of file, at most `maxBytes + 1` bytes.
    private func readDescriptor(_ descriptor: Int32) -> InputFile.Content {
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
            if bytes.count > maxBytes { return .tooLarge(nil) }
        }
        return .bytes(bytes)
    }

    private func lastErrorMessage() -> String {
        String(cString: strerror(errno)).lowercased()
    }
}
