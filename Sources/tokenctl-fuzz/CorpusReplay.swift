import Foundation

/// Runs every file under the given paths through a target once: the seed
/// corpus and the crash fixtures as a regression test, without libFuzzer.
struct CorpusReplay {
    var target: FuzzTarget

    func run(paths: [String]) -> Int32 {
        var count = 0
        for path in paths {
            for file in files(under: path) {
                guard let data = FileManager.default.contents(atPath: file) else {
                    FileHandle.standardError.write(Data("tokenctl-fuzz: cannot read \(file)\n".utf8))
                    return 1
                }
                target.run(Array(data))
                count += 1
            }
        }
        print("replayed \(count) inputs through the \(target.rawValue) target")
        return 0
    }

    private func files(under path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return [path]
        }
        let children = (try? FileManager.default.subpathsOfDirectory(atPath: path)) ?? []
        return children.sorted().map { path + "/" + $0 }.filter {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: $0, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
    }
}
