import Foundation
import Testing

/// SPEC §5: bad input gets one clear error line with a position and exit 2;
/// never a crash or a hang.
@Suite struct HostileInputTests {
    static let cases: [(file: String, message: String)] = [
        ("empty.yaml", "1:1: error: no resources found, empty input?"),
        ("binary-junk.yaml", "error: invalid UTF-8 (byte 0xFF)"),
        ("invalid-utf8.yaml", "4:12: error: invalid UTF-8 (byte 0xE9)"),
        ("billion-laughs.yaml", "(the limit); is this a \"billion laughs\" document?"),
        ("nesting-10000.yaml", "1:65: error: nesting deeper than 64 levels"),
        ("tab-indented.yaml", "4:1: error: tab character in indentation"),
    ]

    @Test(arguments: cases.map(\.file))
    func hostileFileFailsCleanly(_ name: String) throws {
        let expected = try #require(Self.cases.first { $0.file == name }?.message)
        let path = "fixtures/lint/hostile/\(name)"
        let result = try runTokenctl(["lint", path])
        #expect(result.status == 2)
        let firstLine = result.stdout.split(separator: "\n").first.map(String.init) ?? ""
        #expect(firstLine.hasPrefix(path + ":"))
        #expect(firstLine.contains(expected), "\(firstLine)")
        #expect(result.stdout.split(separator: "\n").filter { $0.contains(": error: ") }.count == 1)
        #expect(result.seconds < hangGuardSeconds)
    }

    @Test func fiftyMebibyteFileIsRefusedWithoutReadingIt() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("huge.yaml")
        var chunk = "kind: token\n"
        chunk += String(repeating: "# padding padding padding padding padding padding padding padding\n", count: 16_000)
        let data = Data(chunk.utf8)
        FileManager.default.createFile(atPath: file.path, contents: nil)
        let handle = try FileHandle(forWritingTo: file)
        while try handle.offset() < 50 << 20 { try handle.write(contentsOf: data) }
        try handle.close()
        let result = try runTokenctl(["lint", file.path])
        #expect(result.status == 2)
        #expect(result.stdout.contains("huge.yaml:1:1: error: file is 50"))
        #expect(result.stdout.contains(" MiB, over the 10 MiB limit for a manifest file"))
        #expect(result.seconds < hangGuardSeconds)
    }

    @Test func fiftyMebibytesOnStandardInputAreRefused() throws {
        let data = Data(repeating: UInt8(ascii: "#"), count: 50 << 20)
        let result = try runTokenctl(["lint", "-"], stdin: data)
        #expect(result.status == 2)
        #expect(result.stdout.hasPrefix("<stdin>:1:1: error: input is over the 10 MiB limit for a manifest file"))
    }

    @Test func billionLaughsFailsFast() throws {
        let result = try runTokenctl(["lint", "fixtures/lint/hostile/billion-laughs.yaml"])
        #expect(result.status == 2)
        #expect(result.seconds < hangGuardSeconds)
    }

    @Test func unreadableFileIsReportedOnStandardError() throws {
        let result = try runTokenctl(["lint", "fixtures/lint/does-not-exist.yaml", "fixtures/lint/examples/teleport-docs.yaml"])
        #expect(result.status == 2)
        #expect(result.stderr == "tokenctl: cannot read fixtures/lint/does-not-exist.yaml: no such file or directory\n")
        #expect(result.stdout.hasSuffix("0 errors, 0 warnings in 2 files\n"))
    }

    @Test func randomBytesNeverCrash() throws {
        var generator = SplitMix64(seed: 42)
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let alphabet = Array("kind: token\nversion: v2\n metadata:spec[]{}-,&*!|>'\"#%@`\t\u{00e9}0123456789".utf8)
        for index in 0..<200 {
            let length = Int(generator.next() % 400)
            let bytes = (0..<length).map { _ in
                generator.next() % 10 == 0 ? UInt8(truncatingIfNeeded: generator.next()) : alphabet[Int(generator.next() % UInt64(alphabet.count))]
            }
            FileManager.default.createFile(atPath: directory.appendingPathComponent("f\(index).yaml").path, contents: Data(bytes))
        }
        let result = try runTokenctl(["lint", directory.path])
        #expect([0, 1, 2].contains(result.status), "status \(result.status), stderr: \(result.stderr)")
        #expect(result.stdout.hasSuffix("in 200 files\n"))
    }
}

struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
