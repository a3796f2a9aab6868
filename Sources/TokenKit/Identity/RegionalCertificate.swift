import Crypto
import SwiftASN1
import _CryptoExtras

/// One of AWS's published identity-document certificates, reduced to what
/// verification needs. Read with SwiftASN1 directly: the legacy keys are
/// RSA-1024, which X.509 libraries refuse, and the signer check compares
/// the issuer's exact DER.
public struct RegionalCertificate: Sendable {
    public var region: String
    /// DER of the issuer Name.
    public var issuer: [UInt8]
    /// Content octets of the serial number.
    public var serialNumber: [UInt8]
    public var publicKey: _RSA.Signing.PublicKey

    public enum Kind: String, Sendable {
        /// The CMS SignedData document (`/rsa2048`).
        case rsa2048
        /// The legacy base64 signature (`/signature`), RSA-1024.
        case signature
    }

    /// The embedded certificate for a region, or nil when AWS publishes none
    /// (the legacy "other regions" certificate is never used).
    public static func aws(region: String, kind: Kind) -> RegionalCertificate? {
        guard let pem = embeddedPEM(region: region, kind: kind) else { return nil }
        return try? RegionalCertificate(pem: pem, region: region)
    }

    /// The PEM tokenctl embeds for a region, if AWS publishes one.
    public static func embeddedPEM(region: String, kind: Kind) -> String? {
        (kind == .rsa2048 ? AWSCertificateData.rsa2048 : AWSCertificateData.rsa1024)[region]
    }

    /// Every region with an embedded certificate of a kind.
    public static func embeddedRegions(_ kind: Kind) -> [String] {
        (kind == .rsa2048 ? AWSCertificateData.rsa2048 : AWSCertificateData.rsa1024).keys.sorted()
    }

    public init(pem: String, region: String) throws {
        guard let der = PEM.body(Array(pem.utf8), label: "CERTIFICATE") else {
            throw IdentityInputError("the certificate for \(region) is not PEM")
        }
        try self.init(der: der, region: region)
    }

    public init(der: [UInt8], region: String) throws {
        let certificate = try DER.parse(der)
        guard case .constructed(let parts) = certificate.content, let tbs = parts.first(where: { _ in true }),
            case .constructed(let tbsFields) = tbs.content
        else { throw IdentityInputError("the certificate for \(region) is malformed") }
        var fields = Array(tbsFields)[...]
        if let first = fields.first, first.identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific) {
            fields = fields.dropFirst()  // [0] version
        }
        // serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo
        guard fields.count >= 6, case .primitive(let serial) = fields[fields.startIndex].content else {
            throw IdentityInputError("the certificate for \(region) is malformed")
        }
        let issuerNode = fields[fields.startIndex + 2]
        let keyInfo = fields[fields.startIndex + 5]
        self.region = region
        self.serialNumber = Array(serial)
        self.issuer = Array(issuerNode.encodedBytes)
        self.publicKey = try _RSA.Signing.PublicKey(unsafeDERRepresentation: Array(keyInfo.encodedBytes))
    }
}
