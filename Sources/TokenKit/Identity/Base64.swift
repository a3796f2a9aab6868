/// Standard base64 (RFC 4648) decoding that ignores whitespace, as IMDS
/// blobs come with line breaks. Nil for anything else that is not base64.
enum Base64 {
    private static let values: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = Int8(index) }
        return table
    }()

    static func decode<Bytes: Collection>(_ text: Bytes) -> [UInt8]? where Bytes.Element == UInt8 {
        var output: [UInt8] = []
        output.reserveCapacity(text.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        var padding = 0
        for byte in text {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
                continue
            case UInt8(ascii: "="):
                padding += 1
                continue
            default:
                guard padding == 0 else { return nil }  // data after padding
                let value = values[Int(byte)]
                guard value >= 0 else { return nil }
                accumulator = accumulator << 6 | UInt32(value)
                bits += 6
                if bits >= 8 {
                    bits -= 8
                    output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                }
            }
        }
        guard padding <= 2, bits < 6, !output.isEmpty || text.isEmpty else { return nil }
        return output
    }
}

/// PEM armour: the base64 body between `-----BEGIN LABEL-----` and `-----END LABEL-----`.
enum PEM {
    static func body(_ text: [UInt8], label: String) -> [UInt8]? {
        // Base64 has no '-': text without one (the rsa2048 blob as IMDS returns it) is not PEM,
        // and the generic search below is slow on a blob.
        guard text.contains(UInt8(ascii: "-")) else { return nil }
        let begin = Array("-----BEGIN \(label)-----".utf8)
        let end = Array("-----END \(label)-----".utf8)
        guard let start = text.firstRange(of: begin), let stop = text[start.upperBound...].firstRange(of: end) else { return nil }
        return Base64.decode(text[start.upperBound..<stop.lowerBound])
    }
}
