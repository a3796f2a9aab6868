import Foundation
import Testing

/// The Debian package (make deb; scripts/package-deb.sh): what it holds, that
/// the binary and man pages work from it, and that lintian finds no errors.
@Suite struct DebianPackageTests {
    @Test func packageInstallsAndPassesLintian() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let built = try run(TestPaths.packageRoot.appendingPathComponent("scripts/package-deb.sh").path, [TestPaths.binary.path, directory.path])
        #expect(built.status == 0, "\(built.stderr)")
        let package = built.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(package.hasSuffix("_amd64.deb") && package.contains("tokenctl_\(TokenctlVersion.current)_"))

        let fields = try run("/usr/bin/dpkg-deb", ["-f", package]).stdout
        #expect(fields.contains("Package: tokenctl") && fields.contains("libsqlite3-0") && fields.contains("libyaml-0-2"))

        let root = directory.appendingPathComponent("root")
        #expect(try run("/usr/bin/dpkg-deb", ["-x", package, root.path]).status == 0)
        let binary = root.appendingPathComponent("usr/bin/tokenctl").path
        #expect(try run(binary, ["version"]).stdout.contains(TokenctlVersion.current))
        for path in [
            "usr/share/bash-completion/completions/tokenctl", "usr/share/zsh/vendor-completions/_tokenctl",
            "usr/share/fish/vendor_completions.d/tokenctl.fish", "usr/share/doc/tokenctl/copyright", "usr/share/doc/tokenctl/changelog.gz",
            "usr/share/man/man1/tokenctl.1.gz", "usr/share/man/man1/tokenctl.add.1.gz",
        ] {
            #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path), "\(path) is missing")
        }
        let page = try run(
            "/usr/bin/env", ["MANPAGER=cat", "MANWIDTH=100", "man", "-l", root.appendingPathComponent("usr/share/man/man1/tokenctl.lint.1.gz").path])
        #expect(page.status == 0 && page.stdout.contains("tokenctl lint") && page.stdout.contains("join-method-rules"), "\(page.stderr)")

        // A test build links the Swift runtime of the toolchain (a RUNPATH lintian calls an error); the
        // statically linked release binary of make deb has none. Every other error counts.
        let dynamic = try run("/usr/bin/readelf", ["-d", TestPaths.binary.path]).stdout.contains("RUNPATH")
        let lintian = try run("/usr/bin/lintian", ["--fail-on", "error"] + (dynamic ? ["--suppress-tags", "custom-library-search-path"] : []) + [package])
        #expect(lintian.status == 0, "\(lintian.stdout)\(lintian.stderr)")
        #expect(!lintian.stdout.contains("E: "), "\(lintian.stdout)")
    }
}

/// The version the binary under test reports (the package is named after it).
enum TokenctlVersion {
    static var current: String {
        ((try? runTokenctl(["version"]))?.stdout ?? "").split(separator: " ").last.map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
    }
}
