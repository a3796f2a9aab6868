/// An OIDC issuer as Teleport checks it (Kubernetes `oidc.issuer`,
/// `generic_oidc.issuer`): Go's `url.Parse` must accept it, and its scheme
/// must be https (http only with `insecure_allow_http_issuer: true`).
enum IssuerURL {
    /// Teleport's words (after the field name) and what to do, or nil when the issuer is acceptable.
    static func problem(_ issuer: String, allowHTTP: Bool) -> (teleport: String, fix: String)? {
        guard let scheme = parsedScheme(issuer) else {
            return ("must be a valid URL", "write it like https://issuer.example.com")
        }
        switch scheme {
        case "https": return nil
        case "http":
            return allowHTTP
                ? nil
                : ("must be https:// unless insecure_allow_http_issuer is set", "use the https URL, or set insecure_allow_http_issuer: true for a test cluster")
        default:
            return ("invalid URL scheme, must be https://", "write it like https://\(issuer.split(separator: "/").last.map(String.init) ?? "issuer.example.com")")
        }
    }

    /// The scheme, lowercased ("" when there is none), or nil when Go's `url.Parse` fails.
    static func parsedScheme(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        if bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }) { return nil }
        guard hasValidEscapes(bytes) else { return nil }
        var scheme = ""
        var rest = bytes[...]
        for (index, byte) in bytes.enumerated() {
            let isLetter = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
            let isSchemeByte = isLetter || (index > 0 && (byte.isASCIIDigit || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")))
            if byte == UInt8(ascii: ":") {
                if index == 0 { return nil }  // "missing protocol scheme"
                scheme = String(decoding: bytes[..<index], as: UTF8.self).lowercased()
                rest = bytes[(index + 1)...]
                break
            }
            if !isSchemeByte { break }
        }
        if rest.starts(with: Array("//".utf8)) {
            let authority = rest.dropFirst(2).prefix { $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "#") }
            let host = authority.split(separator: UInt8(ascii: "@"), omittingEmptySubsequences: false).last ?? authority[...]
            if host.contains(UInt8(ascii: " ")) { return nil }
            if host.first != UInt8(ascii: "["), let colon = host.lastIndex(of: UInt8(ascii: ":")) {
                if !host[(colon + 1)...].allSatisfy(\.isASCIIDigit) { return nil }  // "invalid port"
            }
        }
        return scheme
    }

    private static func hasValidEscapes(_ bytes: [UInt8]) -> Bool {
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, bytes[index + 1].isASCIIHexDigit, bytes[index + 2].isASCIIHexDigit else { return false }
                index += 3
            } else {
                index += 1
            }
        }
        return true
    }
}

extension UInt8 {
    var isASCIIDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }
    var isASCIIHexDigit: Bool { isASCIIDigit || ((self | 0x20) >= UInt8(ascii: "a") && (self | 0x20) <= UInt8(ascii: "f")) }
}
