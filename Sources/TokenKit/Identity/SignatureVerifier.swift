import Crypto
import SwiftASN1
import Synchronization
import _CryptoExtras

/// What the signature step found.
public struct SignatureCheck: Sendable, Equatable {
    public enum Status: String, Sendable {
        case verified, unsigned, invalid
    }

    public var status: Status
    public var kind: RegionalCertificate.Kind?
    public var region: String
    public var detail: String

    public init(status: Status, kind: RegionalCertificate.Kind?, region: String, detail: String) {
        self.status = status
        self.kind = kind
        self.region = region
        self.detail = detail
    }
}

/// Verifies identity-document signatures as Teleport does: the certificate
/// is chosen by the document's region and is the only one trusted; nothing
/// carried in the blob is.
public struct SignatureVerifier: Sendable {
    private let certificates: CertificateCache

    /// `certificate` gives the certificate to trust for a region: the
    /// embedded AWS ones, or a test's. Each is parsed once per verifier.
    public init(certificate: @escaping @Sendable (String, RegionalCertificate.Kind) -> RegionalCertificate? = RegionalCertificate.aws) {
        certificates = CertificateCache(load: certificate)
    }

    func certificate(_ region: String, _ kind: RegionalCertificate.Kind) -> RegionalCertificate? {
        certificates.certificate(region, kind)
    }

    /// Why there is no certificate for a region: AWS publishes none for it (Teleport's words), or the
    /// embedded one does not parse, which says the build is damaged, not that the region is unknown.
    static func noCertificate(_ region: String, _ kind: RegionalCertificate.Kind) -> String {
        guard RegionalCertificate.embeddedPEM(region: region, kind: kind) != nil else {
            return "unsupported EC2 region: \(quoted(region))"
        }
        return "AWS's \(region) \(kind == .rsa2048 ? "rsa2048" : "RSA-1024") certificate embedded in tokenctl does not parse: this build is damaged; reinstall tokenctl"
    }

    /// A CMS SignedData (`rsa2048`) whose content is `document`.
    public func verify(_ signedData: CMSSignedData, document: IdentityDocument) -> SignatureCheck {
        func invalid(_ detail: String) -> SignatureCheck {
            SignatureCheck(status: .invalid, kind: .rsa2048, region: document.region, detail: detail)
        }
        guard let certificate = certificate(document.region, .rsa2048) else {
            return invalid(Self.noCertificate(document.region, .rsa2048))
        }
        guard signedData.contentType == CMSSignedData.OID.data else {
            return invalid("the signed content is not of type data")
        }
        // The signer must be the regional certificate: same issuer and serial number.
        let signers = signedData.signers.filter { $0.issuer == certificate.issuer && $0.serialNumber == certificate.serialNumber }
        guard let signer = signers.first else {
            return invalid("the signer is not AWS's \(document.region) certificate (issuer and serial number do not match)")
        }
        guard signer.digestAlgorithm == CMSSignedData.OID.sha256 else {
            return invalid("the digest algorithm is not SHA-256")
        }
        guard signer.signatureAlgorithm == CMSSignedData.OID.rsaEncryption
            || signer.signatureAlgorithm == CMSSignedData.OID.sha256WithRSAEncryption
        else { return invalid("the signature algorithm is not RSA") }
        let contentDigest = Array(SHA256.hash(data: signedData.content))
        let signature = _RSA.Signing.RSASignature(rawRepresentation: signer.signature)
        if let attributes = signer.signedAttributes {
            guard signer.contentTypeAttribute == nil || signer.contentTypeAttribute == CMSSignedData.OID.data else {
                return invalid("the contentType attribute does not match the content")
            }
            guard let digest = signer.messageDigest, digest == contentDigest else {
                return invalid("the document does not match its signed digest: it was changed after AWS signed it")
            }
            guard certificate.publicKey.isValidSignature(signature, for: SHA256.hash(data: attributes), padding: .insecurePKCS1v1_5)
            else { return invalid("the RSA signature does not verify with AWS's \(document.region) certificate") }
        } else {
            guard certificate.publicKey.isValidSignature(signature, for: SHA256.hash(data: signedData.content), padding: .insecurePKCS1v1_5)
            else { return invalid("the RSA signature does not verify with AWS's \(document.region) certificate") }
        }
        return SignatureCheck(
            status: .verified, kind: .rsa2048, region: document.region,
            detail: "verified with AWS's \(document.region) rsa2048 certificate")
    }

    /// The legacy `/signature` value: RSA PKCS #1 v1.5 with SHA-256 over the exact document bytes.
    public func verifyLegacy(signature: [UInt8], document: IdentityDocument) -> SignatureCheck {
        func invalid(_ detail: String) -> SignatureCheck {
            SignatureCheck(status: .invalid, kind: .signature, region: document.region, detail: detail)
        }
        guard let certificate = certificate(document.region, .signature) else {
            return invalid(Self.noCertificate(document.region, .signature))
        }
        let rsaSignature = _RSA.Signing.RSASignature(rawRepresentation: signature)
        guard certificate.publicKey.isValidSignature(rsaSignature, for: SHA256.hash(data: document.bytes), padding: .insecurePKCS1v1_5)
        else {
            return invalid("the signature does not verify with AWS's \(document.region) RSA-1024 certificate: the document or the signature was changed")
        }
        return SignatureCheck(
            status: .verified, kind: .signature, region: document.region,
            detail: "legacy signature verified with AWS's \(document.region) RSA-1024 certificate")
    }
}

/// Parsed certificates by region and kind, so a verifier that checks many
/// documents parses each certificate (and builds its RSA key) once.
final class CertificateCache: Sendable {
    private let load: @Sendable (String, RegionalCertificate.Kind) -> RegionalCertificate?
    private let parsed = Mutex<[String: RegionalCertificate?]>([:])

    init(load: @escaping @Sendable (String, RegionalCertificate.Kind) -> RegionalCertificate?) {
        self.load = load
    }

    func certificate(_ region: String, _ kind: RegionalCertificate.Kind) -> RegionalCertificate? {
        let key = kind.rawValue + "/" + region
        if let cached = parsed.withLock({ $0[key] }) { return cached }
        let certificate = load(region, kind)
        parsed.withLock { $0[key] = certificate }
        return certificate
    }
}
