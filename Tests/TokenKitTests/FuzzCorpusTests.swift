import Foundation
import Testing

/// The fuzz targets' seed corpus (and any crash that became a fixture) runs
/// through each target on every test run, in the ordinary debug build: what
/// once crashed stays fixed even where libFuzzer is not at hand.
@Suite struct FuzzCorpusTests {
    @Test(arguments: ["yaml", "manifest", "iid", "cms", "config"])
    func corpusReplaysCleanly(_ target: String) throws {
        let binary = TestPaths.binary.deletingLastPathComponent().appendingPathComponent("tokenctl-fuzz").path
        let corpus = TestPaths.fixtures.appendingPathComponent("fuzz/\(target)").path
        let count = try FileManager.default.contentsOfDirectory(atPath: corpus).count
        #expect(count > 10)
        let result = try run(binary, [target, corpus])
        #expect(result.status == 0, "\(result.stderr.suffix(2000))")
        #expect(result.stdout == "replayed \(count) inputs through the \(target) target\n")
    }
}
