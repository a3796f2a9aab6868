/// A duration in nanoseconds with Go's `time.ParseDuration` grammar and
/// `Duration.String` formatting, as Teleport reads and prints `aws_iid_ttl`.
public struct GoDuration: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) {
        self.nanoseconds = nanoseconds
    }

    public static let second = GoDuration(nanoseconds: 1_000_000_000)
    public static let minute = GoDuration(nanoseconds: 60_000_000_000)
    public static let hour = GoDuration(nanoseconds: 3_600_000_000_000)
    public static func minutes(_ count: Int64) -> GoDuration { GoDuration(nanoseconds: count * minute.nanoseconds) }
    public static func seconds(_ count: Int64) -> GoDuration { GoDuration(nanoseconds: count * second.nanoseconds) }

    public static func < (lhs: GoDuration, rhs: GoDuration) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    public enum ParseError: Error, Equatable, Sendable {
        case invalid(String)
        case missingUnit(String)
        case unknownUnit(String, in: String)

        /// Go's own wording, so users can search for it.
        public var message: String {
            switch self {
            case .invalid(let text): "time: invalid duration \(quoted(text))"
            case .missingUnit(let text): "time: missing unit in duration \(quoted(text))"
            case .unknownUnit(let unit, let text): "time: unknown unit \(quoted(unit)) in duration \(quoted(text))"
            }
        }
    }

    private static let units: [String: UInt64] = [
        "ns": 1, "us": 1_000, "\u{00B5}s": 1_000, "\u{03BC}s": 1_000, "ms": 1_000_000,
        "s": 1_000_000_000, "m": 60_000_000_000, "h": 3_600_000_000_000,
    ]

    /// `time.ParseDuration`: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, or `0`.
    public static func parse(_ text: String) throws(ParseError) -> GoDuration {
        var rest = Substring(text).unicodeScalars[...]
        var negative = false
        if let sign = rest.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            rest = rest.dropFirst()
        }
        if String(rest) == "0" { return GoDuration(nanoseconds: 0) }
        if rest.isEmpty { throw .invalid(text) }
        let limit: UInt64 = 1 << 63
        var total: UInt64 = 0
        while !rest.isEmpty {
            guard let first = rest.first, first == "." || isDigit(first) else { throw .invalid(text) }
            var whole: UInt64 = 0
            var consumedWhole = false
            while let scalar = rest.first, isDigit(scalar) {
                consumedWhole = true
                let (times10, overflow1) = whole.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(UInt64(scalar.value - 48))
                if overflow1 || overflow2 || sum > limit { throw .invalid(text) }
                whole = sum
                rest = rest.dropFirst()
            }
            var fraction: UInt64 = 0
            var scale = 1.0
            var consumedFraction = false
            if rest.first == "." {
                rest = rest.dropFirst()
                var overflowed = false
                while let scalar = rest.first, isDigit(scalar) {
                    consumedFraction = true
                    rest = rest.dropFirst()
                    if overflowed { continue }
                    if fraction > (limit - 1) / 10 {
                        overflowed = true
                        continue
                    }
                    let next = fraction * 10 + UInt64(scalar.value - 48)
                    if next > 1 << 63 { overflowed = true; continue }
                    fraction = next
                    scale *= 10
                }
            }
            if !consumedWhole && !consumedFraction { throw .invalid(text) }
            var unitScalars = String.UnicodeScalarView()
            while let scalar = rest.first, scalar != ".", !isDigit(scalar) {
                unitScalars.append(scalar)
                rest = rest.dropFirst()
            }
            let unitName = String(unitScalars)
            if unitName.isEmpty { throw .missingUnit(text) }
            guard let unit = units[unitName] else { throw .unknownUnit(unitName, in: text) }
            if whole > limit / unit { throw .invalid(text) }
            var value = whole * unit
            if fraction > 0 {
                value += UInt64(Double(fraction) * (Double(unit) / scale))
                if value > limit { throw .invalid(text) }
            }
            total += value
            if total > limit { throw .invalid(text) }
        }
        if negative { return GoDuration(nanoseconds: total == limit ? Int64.min : -Int64(total)) }
        if total > limit - 1 { throw .invalid(text) }
        return GoDuration(nanoseconds: Int64(total))
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar >= "0" && scalar <= "9" }

    /// Go's `Duration.String`: `5m0s`, `1h30m0s`, `1.5s`, `300ms`, `0s`.
    public var description: String {
        let negative = nanoseconds < 0
        var magnitude = nanoseconds == Int64.min ? UInt64(1) << 63 : UInt64(abs(nanoseconds))
        var text: String
        if magnitude < 1_000_000_000 {
            if magnitude == 0 { return "0s" }
            let unit: String
            let precision: Int
            switch magnitude {
            case ..<1_000: unit = "ns"; precision = 0
            case ..<1_000_000: unit = "\u{00B5}s"; precision = 3
            default: unit = "ms"; precision = 6
            }
            let (fractionText, integer) = GoDuration.fraction(magnitude, precision: precision)
            text = String(integer) + fractionText + unit
        } else {
            let (fractionText, seconds) = GoDuration.fraction(magnitude, precision: 9)
            magnitude = seconds
            text = String(magnitude % 60) + fractionText + "s"
            magnitude /= 60
            if magnitude > 0 {
                text = String(magnitude % 60) + "m" + text
                magnitude /= 60
                if magnitude > 0 { text = String(magnitude) + "h" + text }
            }
        }
        return negative ? "-" + text : text
    }

    /// The `.ddd` part of value / 10^precision without trailing zeros, and the quotient.
    private static func fraction(_ value: UInt64, precision: Int) -> (String, UInt64) {
        var scale: UInt64 = 1
        for _ in 0..<precision { scale *= 10 }
        if value % scale == 0 { return ("", value / scale) }  // the usual case: no fraction
        var digits: [Character] = []
        var remaining = value
        var printing = false
        for _ in 0..<precision {
            let digit = remaining % 10
            printing = printing || digit != 0
            if printing { digits.append(Character(String(digit))) }
            remaining /= 10
        }
        guard printing else { return ("", remaining) }
        return ("." + String(digits.reversed()), remaining)
    }
}
