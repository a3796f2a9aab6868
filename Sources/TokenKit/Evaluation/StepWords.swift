/// A step's words; `id` numbers words that repeat across the candidates of one evaluation.
struct StepWords: ExpressibleByStringInterpolation {
    var text: String
    var id: Int?

    init(_ text: String, id: Int? = nil) {
        self.text = text
        self.id = id
    }

    init(stringLiteral value: String) { self.init(value) }
    init(stringInterpolation: DefaultStringInterpolation) { self.init(String(stringInterpolation: stringInterpolation)) }
}

/// The step words of one evaluation that repeat from candidate to
/// candidate, worded once each and numbered: thousands of candidates share
/// a handful of TTLs, rule shapes and roles to assume.
final class StepWordsMemo {
    enum Key: Hashable {
        case text(String)
        case expires(Timestamp)
        case ttl(Int64)
        case rule(number: Int, anyAccount: Bool, anyRegion: Bool)
        case describe(role: String)
    }

    private var table: [Key: StepWords] = [:]

    func words(_ key: Key, _ make: () -> String) -> StepWords {
        if let known = table[key] { return known }
        let words = StepWords(make(), id: table.count)
        table[key] = words
        return words
    }

    func constant(_ text: String) -> StepWords { words(.text(text)) { text } }
}
