import Foundation
import GRDB
import Testing
@testable import TokenKit

/// Issue 9, wrong results and messages: every input that cannot be used is
/// reported, never skipped or half-used; names are bytes; nothing a
/// terminal could act on is printed raw; messages speak the operator's
/// language, not a library's.
@Suite struct WrongResultTests {
    let directory: URL

    init() throws {
        directory = try TestPaths.temporaryDirectory()
    }

    func write(_ name: String, _ text: String) throws -> String {
        let file = directory.appendingPathComponent(name).path
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    static func ec2(_ name: String, extra: String = "") -> String {
        """
        kind: token
        version: v2
        metadata: {name: \(name)\(extra)}
        spec: {roles: [Node], join_method: ec2, allow: [{aws_account: "111111111111", aws_regions: [us-west-2]}]}

        """
    }

    @Test func aSuppressedErrorNeverLetsCreateStoreOrDropADocument() throws {
        let file = try write(
            "suppressed.yaml",
            Self.ec2("good-token") + "---\n" + """
                kind: token
                version: v2
                metadata: {name: bad-token}
                spec: {roles: [Nodee], join_method: ec2, allow: [{aws_account: "111111111111"}]}  # tokenctl:ignore invalid-role
                """)
        #expect(try runTokenctl(["lint", file]).status == 0, "lint honours the suppression")
        let db = directory.appendingPathComponent("tokens.db").path
        let created = try runTokenctl(["--db", db, "create", file])
        #expect(created.status == 1)
        #expect(created.stderr.contains("[invalid-role]"), "\(created.stderr)")
        #expect(created.stderr.contains("nothing was stored"))
        // Nothing was stored (the database was not even created).
        #expect(!FileManager.default.fileExists(atPath: db))
        let checked = try runTokenctl([
            "check", "-f", file, "--iid", "fixtures/iid/rsa2048_us-west-2_2018_taskcluster-iid-verify/doc.json",
        ])
        #expect(checked.status == 1)
        #expect(checked.stderr.contains("[invalid-role]"), "\(checked.stderr)")
    }

    @Test(.enabled(if: runningAsRoot, "skipped: needs root to run tokenctl as a user who cannot read a directory"))
    func anUnreadableDirectoryInATreeIsReported() throws {
        let tree = directory.appendingPathComponent("tree")
        for sub in ["ok", "secret"] {
            try FileManager.default.createDirectory(at: tree.appendingPathComponent(sub), withIntermediateDirectories: true)
            try Self.ec2("\(sub)-token").write(to: tree.appendingPathComponent("\(sub)/a.yaml"), atomically: true, encoding: .utf8)
        }
        for folder in [directory, tree, tree.appendingPathComponent("ok")] {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: tree.appendingPathComponent("ok/a.yaml").path)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: tree.appendingPathComponent("secret").path)
        let result = try runAsNobody(try copyOfBinaryOthersCanRun(), ["lint", tree.path])
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("cannot read \(tree.path)/secret: cannot read directory: permission denied"), "\(result.stderr)")
    }

    @Test func identityDocumentsMustBeFiles() throws {
        let fifo = directory.appendingPathComponent("iid.fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let manifests = try write("t.yaml", Self.ec2("ec2-token"))
        let cases: [(String, String)] = [
            (directory.path, "is a directory, not a file"), (fifo, "is a named pipe (FIFO) with no writer"),
            ("/dev/zero", "is a device, not a file"),
        ]
        for (path, message) in cases {
            let result = try runTokenctl(["check", "--iid", path, "-f", manifests])
            #expect(result.status == 2, "\(path): \(result.stdout)")
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.contains(message), "\(result.stderr)")
            #expect(result.seconds < hangGuardSeconds)
        }
    }

    @Test func malformedBlobsAreExplainedWithoutLibraryInternals() throws {
        let blobs: [[UInt8]] = [[0x30, 0x03, 0x02, 0x01, 0x01, 0x00], [0x30, 0x82, 0x10], [0x30, 0x80, 0x02, 0x01]]
        let manifests = try write("t.yaml", Self.ec2("ec2-token"))
        for (index, blob) in blobs.enumerated() {
            let file = directory.appendingPathComponent("blob\(index).der")
            try Data(blob).write(to: file)
            let result = try runTokenctl(["check", "--iid", file.path, "-f", manifests])
            #expect(result.status == 2)
            #expect(result.stderr.contains("is not a CMS (PKCS #7) SignedData structure"), "\(result.stderr)")
            for leak in ["ASN1Error", ".swift", "SwiftASN1", "invalidASN1Object"] {
                #expect(!result.stderr.contains(leak), "\(result.stderr)")
            }
        }
    }

    static let invalidNames: [(spelling: String, reason: String)] = [
        ("\"nul\\0name\"", "control character \\x00"), ("\"esc\\e[2Jname\"", "control character \\x1b"),
        ("\"line\\nbreak\"", "control character \\n"), ("\"c1\\x85name\"", "control character \\u0085"),
        ("\"   \"", "is blank"),
    ]

    @Test(arguments: 0..<invalidNames.count)
    func namesThatCannotBePrintedOrRemovedAreRefused(_ index: Int) throws {
        let (spelling, reason) = Self.invalidNames[index]
        let file = try write("name\(index).yaml", Self.ec2(spelling))
        let lint = try runTokenctl(["lint", file])
        #expect(lint.status == 1)
        #expect(lint.stdout.contains("[invalid-name]") && lint.stdout.contains(reason), "\(lint.stdout)")
        let db = directory.appendingPathComponent("names.db").path
        #expect(try runTokenctl(["--db", db, "create", file]).status == 1)
    }

    @Test func controlCharactersInValuesArePrintedEscaped() throws {
        let file = try write(
            "labels.yaml",
            Self.ec2("labelled", extra: ", labels: {color: \"\\e[31mred\", note: \"two\\nlines\"}, description: \"bell\\a\""))
        let db = directory.appendingPathComponent("labels.db").path
        #expect(try runTokenctl(["--db", db, "create", file]).status == 0)
        for format in ["table", "json", "yaml", "names"] {
            let output = try runTokenctl(["--db", db, "list", "--format", format]).stdout
            #expect(!output.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(format): raw control character")
            #expect(output.split(separator: "\n").count == output.filter { $0 == "\n" }.count)
        }
        let table = try runTokenctl(["--db", db, "list"]).stdout
        #expect(table.contains("color=\\x1b[31mred,note=two\\nlines"), "\(table)")
    }

    /// A name read from the file system goes back to it byte for byte: ASCII, UTF-8, and bytes that are not UTF-8.
    @Test(arguments: [Array("tokens/a.yaml".utf8), Array("café/ü.yaml".utf8), [0x63, 0x61, 0x66, 0xE9, 0x2F, 0xFF, 0x2E, 0x79], [0xC3, 0x28, 0xA9]])
    func pathBytesSurviveTheRoundTrip(bytes: [UInt8]) {
        #expect(RawPath.cString(RawPath.decode(bytes)) == (bytes + [0]).map { CChar(bitPattern: $0) })
    }

    @Test func aFileNameThatIsNotUTF8IsOpenedByItsBytes() throws {
        var name = Array(directory.path.utf8) + Array("/caf".utf8) + [0xE9] + Array(".yaml".utf8)
        // No regions: an any-region warning names the file.
        let text = "kind: token\nversion: v2\nmetadata: {name: latin1-token}\nspec: {roles: [Node], allow: [{aws_account: \"111111111111\"}]}\n"
        name.append(0)
        let descriptor = name.withUnsafeBufferPointer { open($0.baseAddress!.withMemoryRebound(to: CChar.self, capacity: name.count) { $0 }, O_CREAT | O_WRONLY, 0o600) }
        #expect(descriptor >= 0)
        _ = text.withCString { Foundation.write(descriptor, $0, strlen($0)) }
        close(descriptor)
        // Through a shell, so the argument reaches tokenctl as the raw byte.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\"$0\" lint \"$1\"/caf$(printf '\\351').yaml; echo \"exit $?\"", TestPaths.binary.path, directory.path]
        process.environment = ["NO_COLOR": "1", "TOKENCTL_NOW": goldenNow]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(output.contains("caf\\xe9.yaml:4:"), "\(output)")
        #expect(output.hasSuffix("exit 0\n"), "\(output)")
        // In a directory walk too.
        let walked = try runTokenctl(["lint", directory.path])
        #expect(walked.stdout.contains("caf\\xe9.yaml"), "\(walked.stdout)")
        #expect(!walked.stderr.contains("cannot read"), "\(walked.stderr)")
    }

    /// Teleport and the store compare names byte for byte: NFC and NFD spellings are two names.
    @Test func namesCompareByteForByte() throws {
        let nfc = "caf\u{E9}-token"
        let nfd = "cafe\u{301}-token"
        let file = try write("unicode.yaml", Self.ec2(nfc) + "---\n" + Self.ec2(nfd))
        let lint = try runTokenctl(["lint", file])
        #expect(!lint.stdout.contains("duplicate-token"), "\(lint.stdout)")
        let db = directory.appendingPathComponent("unicode.db").path
        #expect(try runTokenctl(["--db", db, "create", file]).status == 0)
        let names = try runTokenctl(["--db", db, "list", "--format", "names"]).stdout
        #expect(names.split(separator: "\n").count == 2, "\(names)")
        let removed = try runTokenctl(["--db", db, "rm", nfd])
        #expect(removed.status == 0)
        #expect(Array(try runTokenctl(["--db", db, "list", "--format", "names"]).stdout.utf8) == Array((nfc + "\n").utf8))
        let twice = try write("twice.yaml", Self.ec2(nfc) + "---\n" + Self.ec2(nfc))
        #expect(try runTokenctl(["lint", twice]).stdout.contains("[duplicate-token]"))
    }

    @Test func aCorruptRowIsNamedSoItCanBeFound() throws {
        let db = directory.appendingPathComponent("corrupt.db").path
        #expect(try runTokenctl(["--db", db, "create", "fixtures/store/docs.yaml"]).status == 0)
        let queue = try DatabaseQueue(path: db)
        try queue.write { try $0.execute(sql: "UPDATE token SET resource = '{' WHERE name = 'ec2-token'") }
        try queue.close()
        let result = try runTokenctl(["--db", db, "get"])
        #expect(result.status == 3)
        #expect(result.stderr.contains("the stored resource of token \"ec2-token\" does not parse"), "\(result.stderr)")
    }
}

/// Issue 9: the vector and fixture sets the tests iterate over are there;
/// a missing folder fails instead of silently running zero cases.
@Suite struct TestDataPresenceTests {
    @Test(arguments: [("rsa2048_", 2), ("signature_", 5), ("pkcs7-dsa_", 3)])
    func identityVectorsArePresent(_ prefix: String, _ minimum: Int) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: TestPaths.fixtures.appendingPathComponent("iid").path)
        #expect(names.filter { $0.hasPrefix(prefix) }.count >= minimum, "fixtures/iid has too few \(prefix) vectors")
    }

    @Test func goldenFixturesArePresent() throws {
        let root = TestPaths.fixtures.appendingPathComponent("lint")
        let enumerator = try #require(FileManager.default.enumerator(atPath: root.path))
        let expected = enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(".expected") }
        #expect(expected.count >= 90, "only \(expected.count) golden files under fixtures/lint")
    }
}
