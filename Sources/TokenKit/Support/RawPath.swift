/// File names are bytes, not text: a name that is not UTF-8 must still be
/// opened by its real bytes and shown readably. Such a name travels through
/// tokenctl as a `String` in which each byte that is not part of valid UTF-8
/// stands as one private-use scalar (U+10FF00 + byte), as Python's
/// "surrogateescape" does; `bytes(of:)` gives the real bytes back, and
/// `display(_:)` shows the byte as `\xNN`.
public enum RawPath {
    private static let escapeBase: UInt32 = 0x10_FF00

    /// A file name or argument from its bytes.
    public static func decode<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String {
        let array = Array(bytes)
        guard SourceText.firstInvalidUTF8Offset(array) != nil else { return String(decoding: array, as: UTF8.self) }
        var result = String.UnicodeScalarView()
        var index = 0
        while index < array.count {
            let rest = Array(array[index...])
            let validLength = SourceText.firstInvalidUTF8Offset(rest) ?? rest.count
            if validLength > 0 {
                result.append(contentsOf: String(decoding: rest[..<validLength], as: UTF8.self).unicodeScalars)
                index += validLength
                continue
            }
            result.append(Unicode.Scalar(escapeBase + UInt32(array[index]))!)
            index += 1
        }
        return String(result)
    }

    /// The real bytes of a name made by `decode`, NUL-terminated for the C library.
    public static func cString(_ path: String) -> [CChar] {
        var bytes: [CChar] = []
        bytes.reserveCapacity(path.utf8.count + 1)
        // Every file name a walk meets comes through here: a name without escaped bytes is its UTF-8.
        if !path.unicodeScalars.contains(where: { escapedByte($0) != nil }) {
            bytes.append(contentsOf: path.utf8.lazy.map { CChar(bitPattern: $0) })
        } else {
            for scalar in path.unicodeScalars {
                if let byte = escapedByte(scalar) {
                    bytes.append(CChar(bitPattern: byte))
                } else {
                    UTF8.encode(scalar) { bytes.append(CChar(bitPattern: $0)) }
                }
            }
        }
        bytes.append(0)
        return bytes
    }

    /// The name as messages show it: escaped bytes as `\xNN`, control characters escaped.
    public static func display(_ path: String) -> String {
        guard path.unicodeScalars.contains(where: { escapedByte($0) != nil || isControl($0) }) else { return path }
        var result = ""
        for scalar in path.unicodeScalars {
            if let byte = escapedByte(scalar) {
                result += "\\x" + (byte < 16 ? "0" : "") + String(byte, radix: 16)
            } else if isControl(scalar) {
                result += printable(String(scalar))
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func escapedByte(_ scalar: Unicode.Scalar) -> UInt8? {
        scalar.value >= escapeBase + 0x80 && scalar.value <= escapeBase + 0xFF ? UInt8(scalar.value - escapeBase) : nil
    }
}
