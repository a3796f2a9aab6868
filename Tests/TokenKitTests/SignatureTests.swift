import Foundation
import Testing
@testable import TokenKit

/// SPEC §4 signature verification against AWS's real identity documents
/// (fixtures/iid, copied from shared/testdata) and blobs made here with openssl.
@Suite struct SignatureTests {
    static let vectors = TestPaths.fixtures.appendingPathComponent("iid")

    static func vectorNames(_ prefix: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: vectors.path)) ?? []).filter { $0.hasPrefix(prefix) }.sorted()
    }

    static func bytes(_ vector: String, _ file: String) throws -> [UInt8] {
        Array(try Data(contentsOf: vectors.appendingPathComponent(vector).appendingPathComponent(file)))
    }

    @Test(arguments: vectorNames("rsa2048_"))
    func rsa2048BlobsVerifyInEveryForm(_ vector: String) throws {
        for file in ["rsa2048.b64", "rsa2048.der"] {
            let evidence = try IdentityEvidence.read(try Self.bytes(vector, file))
            #expect(evidence.signature.status == .verified, "\(vector)/\(file): \(evidence.signature.detail)")
            #expect(evidence.signature.kind == .rsa2048)
            #expect(evidence.document.bytes == (try Self.bytes(vector, "doc.json")))
        }
        let base64 = String(decoding: try Self.bytes(vector, "rsa2048.b64"), as: UTF8.self).filter { !$0.isWhitespace }
        var pem = "-----BEGIN PKCS7-----\n"
        var rest = Substring(base64)
        while !rest.isEmpty {
            pem += rest.prefix(64) + "\n"
            rest = rest.dropFirst(64)
        }
        pem += "-----END PKCS7-----\n"
        #expect(try IdentityEvidence.read(Array(pem.utf8)).signature.status == .verified)
    }

    @Test(arguments: vectorNames("rsa2048_"))
    func tamperedRSA2048BlobsAreRejected(_ vector: String) throws {
        // The shipped negative changes the region: the region's certificate no longer matches the signer.
        let tampered = try IdentityEvidence.read(try Self.bytes(vector, "tampered.rsa2048.der"))
        #expect(tampered.signature.status == .invalid)
        // A change that keeps the region breaks the content digest.
        var der = try Self.bytes(vector, "rsa2048.der")
        let needle = Array("\"instanceType\"".utf8)
        let range = try #require(der.firstRange(of: needle))
        der[range.upperBound + 5] ^= 0x01
        let changed = try IdentityEvidence.read(der)
        #expect(changed.signature.status == .invalid)
        #expect(changed.signature.detail.contains("changed after AWS signed it"))
    }

    @Test(arguments: vectorNames("rsa2048_"))
    func anotherRegionsCertificateIsNotTrusted(_ vector: String) throws {
        let blob = try Self.bytes(vector, "rsa2048.der")
        let otherRegion = SignatureVerifier { region, kind in
            RegionalCertificate.aws(region: region == "us-east-1" ? "eu-west-1" : "us-east-1", kind: kind)
                .map { certificate in
                    var moved = certificate
                    moved.region = region
                    return moved
                }
        }
        #expect(try IdentityEvidence.read(blob, verifier: otherRegion).signature.status == .invalid)
    }

    @Test(arguments: vectorNames("signature_"))
    func legacySignaturesVerifyAndNegativesFail(_ vector: String) throws {
        let document = try Self.bytes(vector, "doc.json")
        for file in ["signature.b64", "signature.bin"] {
            let evidence = try IdentityEvidence.read(document, signature: try Self.bytes(vector, file))
            #expect(evidence.signature.status == .verified, "\(vector)/\(file): \(evidence.signature.detail)")
            #expect(evidence.signature.kind == .signature)
        }
        let signature = try Self.bytes(vector, "signature.b64")
        #expect(try IdentityEvidence.read(try Self.bytes(vector, "doc.tampered.json"), signature: signature).signature.status == .invalid)
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.vectors.appendingPathComponent(vector).path)
        for negative in names where negative.hasPrefix("neg_") && negative.hasSuffix(".b64") {
            #expect(try IdentityEvidence.read(document, signature: try Self.bytes(vector, negative)).signature.status == .invalid, "\(negative)")
        }
        for negative in names where negative.hasPrefix("neg_document") {
            let result = try? IdentityEvidence.read(try Self.bytes(vector, negative), signature: signature)
            #expect(result == nil || result?.signature.status == .invalid, "\(negative)")
        }
    }

    @Test(arguments: vectorNames("pkcs7-dsa_"))
    func dsaBlobsAreRefusedClearly(_ vector: String) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.vectors.appendingPathComponent(vector).path)
        for file in names where file.hasPrefix("pkcs7.") {
            #expect {
                _ = try IdentityEvidence.read(try Self.bytes(vector, file))
            } throws: { error in
                (error as? IdentityInputError)?.message.contains("fetch /latest/dynamic/instance-identity/rsa2048 instead") == true
            }
        }
    }

    @Test func unknownRegionsAreUnsupported() throws {
        var document = String(decoding: try Self.bytes("rsa2048_us-west-2_2018_taskcluster-iid-verify", "doc.json"), as: UTF8.self)
        document = document.replacingOccurrences(of: "\"us-west-2\"", with: "\"xx-east-9\"")
        let evidence = try IdentityEvidence.read(Array(document.utf8), signature: Array("AAAA".utf8))
        #expect(evidence.signature.status == .invalid)
        #expect(evidence.signature.detail == "unsupported EC2 region: \"xx-east-9\"")
    }

    // MARK: Blobs made with openssl

    struct OpenSSLWorkspace {
        let directory: URL

        init() throws {
            directory = try TestPaths.temporaryDirectory()
        }

        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

        func openssl(_ arguments: [String]) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["openssl"] + arguments
            process.currentDirectoryURL = directory
            process.standardOutput = FileHandle.nullDevice
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            process.waitUntilExit()
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            guard process.terminationStatus == 0 else {
                throw IdentityInputError("openssl \(arguments.joined(separator: " ")) failed: \(message)")
            }
        }

        /// A key and a self-signed certificate with the given subject (= issuer) and serial.
        func certificate(_ name: String, subject: String, serial: String) throws {
            // string_mask=default writes PrintableString, as AWS's certificates use.
            let config = "[req]\ndistinguished_name = dn\nstring_mask = default\n[dn]\n"
            try config.write(toFile: path("req.cnf"), atomically: true, encoding: .utf8)
            try openssl([
                "req", "-x509", "-config", path("req.cnf"), "-newkey", "rsa:2048", "-nodes", "-keyout", path("\(name).key"),
                "-out", path("\(name).pem"), "-days", "2", "-subj", subject, "-set_serial", serial, "-sha256",
            ])
        }
    }

    static let usWest2 = "rsa2048_us-west-2_2018_taskcluster-iid-verify"

    @Test func forgedBlobCopyingAWSIssuerAndSerialIsRejected() throws {
        let workspace = try OpenSSLWorkspace()
        defer { try? FileManager.default.removeItem(at: workspace.directory) }
        try Data(try Self.bytes(Self.usWest2, "doc.json")).write(to: URL(fileURLWithPath: workspace.path("doc.json")))
        // The AWS us-west-2 certificate's issuer and serial number, on a key AWS never had.
        try workspace.certificate(
            "forged", subject: "/C=US/ST=Washington State/L=Seattle/O=Amazon Web Services LLC", serial: "0xB64BDE5AD00924CC")
        try workspace.openssl([
            "cms", "-sign", "-in", "doc.json", "-signer", "forged.pem", "-inkey", "forged.key", "-outform", "DER",
            "-nodetach", "-binary", "-md", "sha256", "-out", "forged.der",
        ])
        let forged = Array(try Data(contentsOf: URL(fileURLWithPath: workspace.path("forged.der"))))
        let parsed = try CMSSignedData.parse(forged)
        let genuine = try #require(RegionalCertificate.aws(region: "us-west-2", kind: .rsa2048))
        #expect(parsed.signers.first?.issuer == genuine.issuer)
        #expect(parsed.signers.first?.serialNumber == genuine.serialNumber)
        let evidence = try IdentityEvidence.read(forged)
        #expect(evidence.signature.status == .invalid)
        #expect(evidence.signature.detail.contains("RSA signature does not verify"))
        let cli = try runTokenctl(["check", "-f", "fixtures/store/docs.yaml", "--iid", workspace.path("forged.der"), "--at", "pending+1m"])
        #expect(cli.status == 1)
        #expect(cli.stdout.contains("✗ signature"))
    }

    @Test func streamedBERBlobsVerifyWithATrustedTestCertificate() throws {
        let workspace = try OpenSSLWorkspace()
        defer { try? FileManager.default.removeItem(at: workspace.directory) }
        try Data(try Self.bytes(Self.usWest2, "doc.json")).write(to: URL(fileURLWithPath: workspace.path("doc.json")))
        try workspace.certificate("test", subject: "/CN=tokenctl test signer", serial: "0x1234")
        try workspace.openssl([
            "cms", "-sign", "-stream", "-nodetach", "-binary", "-outform", "DER", "-md", "sha256", "-in", "doc.json",
            "-signer", "test.pem", "-inkey", "test.key", "-out", "streamed.der",
        ])
        let blob = Array(try Data(contentsOf: URL(fileURLWithPath: workspace.path("streamed.der"))))
        #expect(blob.count > 2 && blob[1] == 0x80, "openssl -stream writes indefinite lengths")
        let testCertificate = try String(contentsOfFile: workspace.path("test.pem"), encoding: .utf8)
        let trustTest = SignatureVerifier { region, _ in try? RegionalCertificate(pem: testCertificate, region: region) }
        let evidence = try IdentityEvidence.read(blob, verifier: trustTest)
        #expect(evidence.signature.status == .verified, "\(evidence.signature.detail)")
        // The same blob is not trusted against the real AWS certificate.
        #expect(try IdentityEvidence.read(blob).signature.status == .invalid)
    }
}

/// Bad input never crashes the blob reader: byte flips, truncations and
/// insertions of a real blob only ever give a verdict or an input error.
@Suite struct MutatedBlobTests {
    @Test func mutatedBlobsNeverCrash() throws {
        let original = try SignatureTests.bytes("rsa2048_us-west-2_2018_taskcluster-iid-verify", "rsa2048.der")
        let verifier = SignatureVerifier()
        var generator = SplitMix64(seed: 7)
        var verified = 0
        for round in 0..<3000 {
            var blob = original
            switch round % 3 {
            case 0:
                for _ in 0..<(1 + Int(generator.next() % 4)) {
                    blob[Int(generator.next() % UInt64(blob.count))] = UInt8(truncatingIfNeeded: generator.next())
                }
            case 1:
                blob = Array(blob.prefix(Int(generator.next() % UInt64(blob.count))))
            default:
                let at = Int(generator.next() % UInt64(blob.count))
                blob.insert(contentsOf: (0..<Int(generator.next() % 8)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }, at: at)
            }
            if let evidence = try? IdentityEvidence.read(blob, verifier: verifier), evidence.signature.status == .verified {
                verified += 1
            }
        }
        // A mutation may hit bytes the signature does not cover (BER framing), but never the document.
        #expect(verified < 3000)
    }
}
