/// TPM rules are compared byte for byte at join time with what the Auth
/// Service computes: a lowercase hex SHA-256 of the EK public key, and the
/// EK certificate serial as lowercase colon-separated hex pairs. Teleport
/// accepts any text when the token is written; other spellings never match.
struct TPMUnmatchableRule: LintRule {
    let id = RuleID.tpmUnmatchable
    var summary: String { "A TPM ek_public_hash or ek_certificate_serial in a form Teleport never matches (lowercase hex; colon-separated pairs)." }

    func check(_ subject: LintSubject) -> [Finding] {
        guard subject.token.joinMethod == .tpm else { return [] }
        var findings: [Finding] = []
        for (index, rule) in (subject.methodObject?.objects("allow") ?? []).enumerated() {
            if let hash = rule.located("ek_public_hash"), !hash.value.isEmpty, !Self.isHash(hash.value) {
                findings.append(
                    Finding(
                        id, at: hash.range,
                        "allow rule \(index + 1): ek_public_hash \(quoted(hash.value)) can never match: Teleport compares it with the lowercase hex SHA-256 of the EK public key (64 characters); write it as tbot prints it\(hash.value.lowercased() != hash.value && Self.isHash(hash.value.lowercased()) ? " (\(quoted(hash.value.lowercased())))" : "")"
                    ))
            }
            if let serial = rule.located("ek_certificate_serial"), !serial.value.isEmpty, !Self.isSerial(serial.value) {
                findings.append(
                    Finding(
                        id, at: serial.range,
                        "allow rule \(index + 1): ek_certificate_serial \(quoted(serial.value)) can never match: Teleport compares it with the serial as lowercase hex pairs separated by colons, like \"73:df:dc:0e\""
                    ))
            }
        }
        return findings
    }

    static func isHash(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy(isLowerHex)
    }

    static func isSerial(_ text: String) -> Bool {
        let pairs = text.split(separator: ":", omittingEmptySubsequences: false)
        return pairs.allSatisfy { $0.utf8.count == 2 && $0.utf8.allSatisfy(isLowerHex) }
    }

    private static func isLowerHex(_ byte: UInt8) -> Bool {
        byte.isASCIIDigit || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
    }
}

extension RuleID {
    static let tpmUnmatchable = RuleID(warning: "tpm-unmatchable", catalogue: 19)
}
