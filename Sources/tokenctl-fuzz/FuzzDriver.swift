#if FUZZING
import CFuzzerDriver
#if canImport(Glibc)
import Glibc
#endif

/// Hands control to libFuzzer with one target as its callback.
struct FuzzDriver {
    var target: FuzzTarget

    func run(arguments: [String]) -> Int32 {
        var argc = Int32(arguments.count)
        var strings = arguments.map { strdup($0) } + [nil]
        defer { strings.forEach { free($0) } }
        return strings.withUnsafeMutableBufferPointer { buffer in
            var argv = buffer.baseAddress
            return LLVMFuzzerRunDriver(&argc, &argv, callback)
        }
    }

    /// C callbacks cannot capture the target, so there is one per target.
    private var callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32 {
        switch target {
        case .yaml: { data, size in FuzzTarget.yaml.run(FuzzDriver.bytes(data, size)); return 0 }
        case .manifest: { data, size in FuzzTarget.manifest.run(FuzzDriver.bytes(data, size)); return 0 }
        case .iid: { data, size in FuzzTarget.iid.run(FuzzDriver.bytes(data, size)); return 0 }
        case .cms: { data, size in FuzzTarget.cms.run(FuzzDriver.bytes(data, size)); return 0 }
        case .config: { data, size in FuzzTarget.config.run(FuzzDriver.bytes(data, size)); return 0 }
        }
    }

    private static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
        guard let data else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }
}
#endif
