import Foundation
import Testing
@testable import TokenKit

/// Every AWS certificate tokenctl embeds parses, for both kinds and every
/// region, and is the one ../shared/aws-certs publishes under that region.
@Suite struct EmbeddedCertificateTests {
    @Test(arguments: [RegionalCertificate.Kind.rsa2048, .signature])
    func everyEmbeddedCertificateParses(_ kind: RegionalCertificate.Kind) throws {
        let regions = RegionalCertificate.embeddedRegions(kind)
        #expect(regions.count > 25)
        for region in regions {
            let pem = try #require(RegionalCertificate.embeddedPEM(region: region, kind: kind))
            #expect(throws: Never.self, "the \(kind) certificate of \(region) does not parse") {
                _ = try RegionalCertificate(pem: pem, region: region)
            }
            // The region key is the file AWS's certificate came from.
            let folder = kind == .rsa2048 ? "rsa2048" : "rsa1024-signature"
            let published = TestPaths.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/aws-certs/\(folder)/\(region).pem")
            if let text = try? String(contentsOf: published, encoding: .utf8) {
                #expect(text.trimmingCharacters(in: .whitespacesAndNewlines) == pem.trimmingCharacters(in: .whitespacesAndNewlines), "\(region)")
            }
        }
    }

    /// A certificate that fails to load is named as such, never as an unsupported region.
    @Test func aDamagedCertificateIsNotAnUnsupportedRegion() {
        #expect(SignatureVerifier.noCertificate("us-west-2", .rsa2048).contains("does not parse"))
        #expect(SignatureVerifier.noCertificate("us-west-2", .signature).contains("does not parse"))
        #expect(SignatureVerifier.noCertificate("mars-north-1", .rsa2048) == "unsupported EC2 region: \"mars-north-1\"")
    }
}
