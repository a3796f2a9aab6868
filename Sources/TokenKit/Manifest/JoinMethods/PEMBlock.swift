import SwiftASN1

/// The first PEM block of a text, as Go's `pem.Decode` finds it: a
/// `-----BEGIN TYPE-----` line anywhere, a body of base64, and the matching
/// `-----END TYPE-----` line. A block whose body is not base64 is skipped.
struct PEMBlock {
    var type: String
    var bytes: [UInt8]

    static func first(in text: String) -> PEMBlock? {
        let bytes = Array(text.utf8)
        let begin = Array("-----BEGIN ".utf8)
        let dashes = Array("-----".utf8)
        var searchFrom = bytes.startIndex
        while let start = bytes[searchFrom...].firstRange(of: begin) {
            searchFrom = start.upperBound
            guard let typeEnd = bytes[start.upperBound...].firstRange(of: dashes) else { return nil }
            let type = String(decoding: bytes[start.upperBound..<typeEnd.lowerBound], as: UTF8.self)
            guard !type.contains("\n") else { continue }
            let end = Array("-----END \(type)-----".utf8)
            guard let stop = bytes[typeEnd.upperBound...].firstRange(of: end) else { continue }
            let body = bytes[typeEnd.upperBound..<stop.lowerBound].filter { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }
            guard let decoded = Base64.decode(body[...]) else { continue }
            return PEMBlock(type: type, bytes: decoded)
        }
        return nil
    }
}

/// Whether DER bytes have the shape of an X.509 certificate (RFC 5280 §4.1):
/// a SEQUENCE of the signed part, the signature algorithm and the signature,
/// the signed part holding serial, algorithm, issuer, validity, subject and
/// key. Go's `x509.ParseCertificate` checks more (each field's contents); a
/// certificate that passes here and fails there is reported by Teleport on write.
enum X509Shape {
    static func isCertificate(_ der: [UInt8]) -> Bool {
        guard let root = try? DER.parse(der), root.identifier == .sequence, case .constructed(let parts) = root.content else { return false }
        let fields = Array(parts)
        guard fields.count == 3, fields[0].identifier == .sequence, fields[1].identifier == .sequence,
            fields[2].identifier == .bitString, case .constructed(let signed) = fields[0].content
        else { return false }
        var signedFields = Array(signed)[...]
        if signedFields.first?.identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific) { signedFields = signedFields.dropFirst() }
        let expected: [ASN1Identifier] = [.integer, .sequence, .sequence, .sequence, .sequence, .sequence]
        guard signedFields.count >= expected.count else { return false }
        return zip(signedFields, expected).allSatisfy { $0.identifier == $1 }
    }
}
