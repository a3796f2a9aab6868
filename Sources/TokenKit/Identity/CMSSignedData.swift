import SwiftASN1

/// The parts of a CMS (PKCS #7) SignedData that identity-document
/// verification needs, read from BER (AWS sends indefinite lengths).
/// Only the structure is read here; nothing is trusted yet.
public struct CMSSignedData: Sendable {
    /// The encapsulated content: the identity document's bytes.
    public var content: [UInt8]
    public var contentType: ASN1ObjectIdentifier
    public var signers: [SignerInfo]

    public struct SignerInfo: Sendable {
        /// DER of the issuer Name of `issuerAndSerialNumber` (nil for a subjectKeyIdentifier).
        public var issuer: [UInt8]?
        /// Content octets of the serial number INTEGER.
        public var serialNumber: [UInt8]?
        public var digestAlgorithm: ASN1ObjectIdentifier
        /// DER of the signed attributes as a SET (what the signature covers), if present.
        public var signedAttributes: [UInt8]?
        /// The messageDigest attribute's value.
        public var messageDigest: [UInt8]?
        /// The contentType attribute's value.
        public var contentTypeAttribute: ASN1ObjectIdentifier?
        public var signatureAlgorithm: ASN1ObjectIdentifier
        public var signature: [UInt8]

        public var usesDSA: Bool {
            [OID.dsa, OID.dsaWithSHA1, OID.dsaWithSHA256].contains(signatureAlgorithm)
        }
    }

    public enum OID {
        public static let signedData: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 7, 2]
        public static let data: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 7, 1]
        public static let sha256: ASN1ObjectIdentifier = [2, 16, 840, 1, 101, 3, 4, 2, 1]
        public static let sha1: ASN1ObjectIdentifier = [1, 3, 14, 3, 2, 26]
        public static let rsaEncryption: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 1, 1]
        public static let sha256WithRSAEncryption: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 1, 11]
        public static let dsa: ASN1ObjectIdentifier = [1, 2, 840, 10040, 4, 1]
        public static let dsaWithSHA1: ASN1ObjectIdentifier = [1, 2, 840, 10040, 4, 3]
        public static let dsaWithSHA256: ASN1ObjectIdentifier = [2, 16, 840, 1, 101, 3, 4, 3, 2]
        public static let messageDigest: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 9, 4]
        public static let contentTypeAttribute: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 9, 3]
    }

    public static func parse(_ bytes: [UInt8]) throws(IdentityInputError) -> CMSSignedData {
        do {
            let root = try BER.parse(bytes)
            return try CMSReader.signedData(root)
        } catch let error as IdentityInputError {
            throw error
        } catch {
            throw IdentityInputError("the blob is not a CMS (PKCS #7) SignedData structure: \(describe(error)); fetch the rsa2048 document again")
        }
    }

    /// The problem in words: never a library's internal error names or source paths.
    private static func describe(_ error: any Error) -> String {
        guard let error = error as? ASN1Error else { return "its encoding is malformed" }
        switch error.code {
        case .truncatedASN1Field: return "it ends in the middle of a field (was it cut short?)"
        case .invalidASN1Object: return "its BER encoding is malformed (bad lengths, or bytes after the structure)"
        case .unexpectedFieldType: return "a field has a type the structure does not allow there"
        case .unsupportedFieldLength: return "a field is longer than any identity document could be"
        default: return "its ASN.1 structure is malformed"
        }
    }
}

/// Walks the BER tree of a ContentInfo holding a SignedData (RFC 5652).
enum CMSReader {
    static let contextZero = ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)
    static let contextOne = ASN1Identifier(tagWithNumber: 1, tagClass: .contextSpecific)

    static func fail(_ what: String) -> IdentityInputError {
        IdentityInputError("the blob is not a well-formed CMS SignedData: \(what)")
    }

    static func children(_ node: ASN1Node, _ what: String) throws -> [ASN1Node] {
        guard case .constructed(let nodes) = node.content else { throw fail("\(what) is not constructed") }
        return Array(nodes)
    }

    static func primitive(_ node: ASN1Node, _ what: String) throws -> [UInt8] {
        guard case .primitive(let bytes) = node.content else { throw fail("\(what) is not primitive") }
        return Array(bytes)
    }

    static func oid(_ node: ASN1Node, _ what: String) throws -> ASN1ObjectIdentifier {
        guard node.identifier == .objectIdentifier else { throw fail("\(what) is not an OBJECT IDENTIFIER") }
        return try ASN1ObjectIdentifier(berEncoded: node)
    }

    /// An OCTET STRING's value, joining the chunks of a constructed (BER) one.
    static func octets(_ node: ASN1Node, _ what: String, depth: Int = 0) throws -> [UInt8] {
        guard node.identifier == .octetString, depth < 8 else { throw fail("\(what) is not an OCTET STRING") }
        switch node.content {
        case .primitive(let bytes): return Array(bytes)
        case .constructed(let chunks):
            var value: [UInt8] = []
            for chunk in chunks { value += try octets(chunk, what, depth: depth + 1) }
            return value
        }
    }

    static func algorithm(_ node: ASN1Node, _ what: String) throws -> ASN1ObjectIdentifier {
        guard node.identifier == .sequence, let first = try children(node, what).first else {
            throw fail("\(what) is not an AlgorithmIdentifier")
        }
        return try oid(first, what)
    }

    static func signedData(_ root: ASN1Node) throws -> CMSSignedData {
        let contentInfo = try children(root, "ContentInfo")
        guard root.identifier == .sequence, contentInfo.count == 2 else { throw fail("ContentInfo is not a SEQUENCE of two") }
        guard try oid(contentInfo[0], "contentType") == CMSSignedData.OID.signedData else {
            throw fail("the content type is not signedData")
        }
        guard contentInfo[1].identifier == contextZero, let signedData = try children(contentInfo[1], "content").first else {
            throw fail("the SignedData is missing")
        }
        let fields = try children(signedData, "SignedData")
        guard signedData.identifier == .sequence, fields.count >= 4 else { throw fail("SignedData has too few fields") }
        // fields: version, digestAlgorithms, encapContentInfo, [certificates], [crls], signerInfos
        let encapsulated = try children(fields[2], "encapContentInfo")
        guard fields[2].identifier == .sequence, let typeNode = encapsulated.first else { throw fail("encapContentInfo is empty") }
        let contentType = try oid(typeNode, "eContentType")
        guard encapsulated.count == 2, encapsulated[1].identifier == contextZero,
            let contentNode = try children(encapsulated[1], "eContent").first
        else { throw IdentityInputError("the SignedData carries no document (detached content); fetch the rsa2048 document, which embeds it") }
        let content = try octets(contentNode, "eContent")
        guard let signerSet = fields.last, signerSet.identifier == .set else { throw fail("signerInfos is missing") }
        let signers = try children(signerSet, "signerInfos").map(signerInfo)
        guard !signers.isEmpty else { throw fail("there is no signer") }
        return CMSSignedData(content: content, contentType: contentType, signers: signers)
    }

    static func signerInfo(_ node: ASN1Node) throws -> CMSSignedData.SignerInfo {
        var fields = try children(node, "SignerInfo")[...]
        guard node.identifier == .sequence, fields.count >= 5 else { throw fail("SignerInfo has too few fields") }
        fields = fields.dropFirst()  // version
        let identifier = fields.removeFirst()
        var issuer: [UInt8]?
        var serial: [UInt8]?
        if identifier.identifier == .sequence {
            let parts = try children(identifier, "issuerAndSerialNumber")
            guard parts.count == 2, parts[1].identifier == .integer else { throw fail("issuerAndSerialNumber is malformed") }
            issuer = DERReencoding.der(parts[0])
            serial = try primitive(parts[1], "serialNumber")
        }
        let digestAlgorithm = try algorithm(fields.removeFirst(), "digestAlgorithm")
        var signedAttributes: [UInt8]?
        var messageDigest: [UInt8]?
        var contentTypeAttribute: ASN1ObjectIdentifier?
        if let next = fields.first, next.identifier == contextZero {
            fields = fields.dropFirst()
            // The signature covers the attributes' DER encoding with a SET tag.
            var encoded = DERReencoding.der(next)
            encoded[0] = 0x31
            signedAttributes = encoded
            for attribute in try children(next, "signedAttrs") {
                let parts = try children(attribute, "Attribute")
                guard parts.count == 2, let value = try children(parts[1], "attrValues").first else { continue }
                let type = try oid(parts[0], "attrType")
                if type == CMSSignedData.OID.messageDigest {
                    messageDigest = try octets(value, "messageDigest")
                } else if type == CMSSignedData.OID.contentTypeAttribute {
                    contentTypeAttribute = try oid(value, "contentType attribute")
                }
            }
        }
        guard fields.count >= 2 else { throw fail("SignerInfo lacks its signature") }
        let signatureAlgorithm = try algorithm(fields.removeFirst(), "signatureAlgorithm")
        let signature = try octets(fields.removeFirst(), "signature")
        return CMSSignedData.SignerInfo(
            issuer: issuer, serialNumber: serial, digestAlgorithm: digestAlgorithm, signedAttributes: signedAttributes,
            messageDigest: messageDigest, contentTypeAttribute: contentTypeAttribute,
            signatureAlgorithm: signatureAlgorithm, signature: signature)
    }
}

/// Re-encodes a BER node with definite lengths (DER's length rules), keeping
/// its identifier octets; definite-length input comes back byte for byte.
enum DERReencoding {
    static func der(_ node: ASN1Node) -> [UInt8] {
        let encoded = node.encodedBytes
        let identifierLength = identifierOctets(encoded)
        var output = Array(encoded.prefix(identifierLength))
        var body: [UInt8] = []
        switch node.content {
        case .primitive(let bytes): body = Array(bytes)
        case .constructed(let children):
            for child in children { body += der(child) }
        }
        output += length(body.count)
        output += body
        return output
    }

    private static func identifierOctets(_ bytes: ArraySlice<UInt8>) -> Int {
        guard let first = bytes.first, first & 0x1F == 0x1F else { return 1 }
        var count = 1
        var index = bytes.startIndex + 1
        while index < bytes.endIndex, bytes[index] & 0x80 != 0 {
            count += 1
            index += 1
        }
        return count + 1
    }

    private static func length(_ value: Int) -> [UInt8] {
        if value < 0x80 { return [UInt8(value)] }
        var octets: [UInt8] = []
        var remaining = value
        while remaining > 0 {
            octets.insert(UInt8(remaining & 0xFF), at: 0)
            remaining >>= 8
        }
        return [0x80 | UInt8(octets.count)] + octets
    }
}
