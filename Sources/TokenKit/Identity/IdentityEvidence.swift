/// An identity document and what its signature check found: the input of
/// the join evaluation.
public struct IdentityEvidence: Sendable {
    public var document: IdentityDocument
    public var signature: SignatureCheck

    public init(document: IdentityDocument, signature: SignatureCheck) {
        self.document = document
        self.signature = signature
    }

    /// Reads an identity document of any supported kind (SPEC §4): the rsa2048 blob
    /// as IMDS returns it (base64), as PEM or as DER/BER; the plain JSON
    /// document, optionally with the legacy detached signature. A DSA
    /// `/pkcs7` blob is refused. Every failure here is an input error.
    public static func read(
        _ input: [UInt8], signature: [UInt8]? = nil, verifier: SignatureVerifier = SignatureVerifier(),
        limits: InputLimits = .standard
    ) throws(IdentityInputError) -> IdentityEvidence {
        guard input.count <= limits.maxIdentityInputBytes else {
            throw IdentityInputError("the identity input " + limits.identityInputTooLarge(size: input.count))
        }
        let trimmed = input.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\t") }
        guard let first = trimmed.first else { throw IdentityInputError("the identity input is empty") }

        if first == UInt8(ascii: "{") {
            let document = try IdentityDocument.parse(Array(input), limits: limits)
            guard let signature else {
                return IdentityEvidence(
                    document: document,
                    signature: SignatureCheck(
                        status: .unsigned, kind: nil, region: document.region,
                        detail: "plain JSON document: not signed, so not verified (Teleport itself requires the signed rsa2048 document)"))
            }
            return IdentityEvidence(document: document, signature: verifier.verifyLegacy(signature: try legacySignature(signature), document: document))
        }
        if signature != nil {
            throw IdentityInputError("a separate signature file goes only with the plain JSON document (/document); this input is a signed blob that carries its own signature")
        }
        let der: [UInt8]
        if first == 0x30 {
            der = Array(input)
        } else if let body = PEM.body(Array(trimmed), label: "PKCS7") ?? PEM.body(Array(trimmed), label: "CMS") {
            der = body
        } else if let decoded = Base64.decode(trimmed), decoded.first == 0x30 {
            der = decoded
        } else {
            throw IdentityInputError(
                "not an identity document: expected the JSON document, or the rsa2048 blob as base64 (as IMDS returns it), PEM or DER")
        }
        let signedData = try CMSSignedData.parse(der)
        if signedData.signers.contains(where: \.usesDSA) {
            throw IdentityInputError(
                "this is the /pkcs7 identity document, signed with DSA and SHA-1, which Teleport does not accept; fetch /latest/dynamic/instance-identity/rsa2048 instead")
        }
        let document = try IdentityDocument.parse(signedData.content, limits: limits)
        return IdentityEvidence(document: document, signature: verifier.verify(signedData, document: document))
    }

    /// The `/signature` value: base64 text as IMDS returns it, or the raw bytes.
    static func legacySignature(_ bytes: [UInt8]) throws(IdentityInputError) -> [UInt8] {
        // Raw signature bytes as some tools save them; otherwise base64 as IMDS returns it.
        if bytes.count == 128, Base64.decode(bytes) == nil { return bytes }
        if let decoded = Base64.decode(bytes), !decoded.isEmpty { return decoded }
        throw IdentityInputError("the signature file is not the /signature value (base64 of a 128-byte RSA signature)")
    }
}
