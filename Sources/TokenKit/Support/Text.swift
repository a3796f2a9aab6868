#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `"text"` with the escapes Go's %q would use for quotes, backslashes and
/// control characters, so messages match Teleport's and stay on one line.
public func quoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        default: appendEscapingControl(scalar, to: &result)
        }
    }
    return result + "\""
}

/// A scalar as `quoted` writes it: a control character as Go's %q escapes it.
private func appendEscapingControl(_ scalar: Unicode.Scalar, to result: inout String) {
    switch scalar {
    case "\n": result += "\\n"
    case "\r": result += "\\r"
    case "\t": result += "\\t"
    default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
            let hex = String(scalar.value, radix: 16)
            result += "\\x" + (hex.count == 1 ? "0" + hex : hex)
        } else if isControl(scalar) {
            result += "\\u00" + String(scalar.value, radix: 16)
        } else {
            result.unicodeScalars.append(scalar)
        }
    }
}

/// A C0 or C1 control character, or DEL: what a terminal may act on.
public func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
}

/// `text` with its control characters escaped as `quoted` escapes them, for
/// a table cell or a report line: never raw, so a terminal cannot act on
/// them and one value stays on one line.
public func printable(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isControl) else { return text }
    var result = ""
    for scalar in text.unicodeScalars { appendEscapingControl(scalar, to: &result) }
    return result
}

/// Levenshtein distance over Unicode scalars, for "did you mean" hints.
public func editDistance(_ a: String, _ b: String) -> Int {
    let left = Array(a.unicodeScalars)
    let right = Array(b.unicodeScalars)
    if left.isEmpty { return right.count }
    if right.isEmpty { return left.count }
    var previous = Array(0...right.count)
    var current = [Int](repeating: 0, count: right.count + 1)
    for i in 1...left.count {
        current[0] = i
        for j in 1...right.count {
            let cost = left[i - 1] == right[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        }
        swap(&previous, &current)
    }
    return previous[right.count]
}

/// The candidate closest to `text`, if it is close enough to be a likely typo.
public func nearest(to text: String, in candidates: [String]) -> String? {
    let lowered = text.lowercased()
    let scored = candidates.map { (name: $0, distance: editDistance(lowered, $0.lowercased())) }
    guard let best = scored.min(by: { $0.distance < $1.distance }) else { return nil }
    let allowed = max(1, min(3, (best.name.count + 2) / 4))
    if best.distance <= allowed { return best.name }
    // A prefix or suffix typo such as aws_region for aws_regions.
    if best.name.hasPrefix(lowered) || lowered.hasPrefix(best.name) { return best.name }
    return nil
}

/// "1 error", "2 errors".
func counted(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}

extension Array where Element == UInt8 {
    /// Appends the UTF-8 of `text` with one copy: the generic
    /// `append(contentsOf: text.utf8)` goes byte by byte.
    /// A literal's bytes, copied as one block (a `String.UTF8View` is appended byte by byte).
    package mutating func appendLiteral(_ text: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    package mutating func appendUTF8(of text: String) {
        let copied: Void? = text.utf8.withContiguousStorageIfAvailable { append(contentsOf: $0) }
        if copied == nil { append(contentsOf: text.utf8) }
    }
}

/// Byte-wise order of two strings' UTF-8, as SQLite and Teleport order
/// names (Swift's own `<` compares canonical equivalents).
public func bytewiseLess(_ a: String, _ b: String) -> Bool {
    var a = a
    var b = b
    return a.withUTF8 { left in b.withUTF8 { right in compareBytes(left, right) < 0 } }
}

/// Byte-wise comparison (memcmp, then length): negative, zero or positive.
/// SQLite's BINARY collation, PostgreSQL's "C" and Teleport's name order.
package func compareBytes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
    let common = min(a.count, b.count)
    if common > 0, let left = a.baseAddress, let right = b.baseAddress {
        let order = memcmp(left, right, common)
        if order != 0 { return Int(order) }
    }
    return a.count - b.count
}

package func compareBytes(_ a: [UInt8], _ b: UnsafeBufferPointer<UInt8>) -> Int {
    a.withUnsafeBufferPointer { compareBytes($0, b) }
}

extension Dictionary where Key == String {
    /// The entries in byte-wise order of their keys (as canonical resources and stored columns list labels).
    package var sortedByKeyBytes: [(key: Key, value: Value)] { sorted { bytewiseLess($0.key, $1.key) } }
}
