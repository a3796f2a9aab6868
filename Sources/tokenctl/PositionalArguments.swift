/// argument-parser matches positional values one at a time against every
/// input still unparsed, so thousands of file arguments (`lint $(git
/// ls-files)`) cost millions of steps. For the commands that take many
/// names or files, a long run of them is handed to the parser as one value
/// joined with NUL — a byte no command-line argument can hold — and the
/// command splits it again: linear in the number of arguments.
enum PositionalArguments {
    /// Below this many positional values the arguments are left as they are.
    static let bundlingThreshold = 32

    /// Options of each bundling command that take a value (so that value is not a positional).
    static let valueOptions: [String: Set<String>] = [
        "lint": ["--format", "--disable"],
        "create": [],
        "get": ["--format"],
        "rm": [],
    ]
    static let globalValueOptions: Set<String> = ["--db"]
    static let separator: Character = "\u{0}"

    static func bundle(_ arguments: [String]) -> [String] {
        // Shell completion and help go through argument-parser untouched.
        guard !arguments.contains(where: { $0.hasPrefix("---") || $0 == "-h" || $0 == "--help" || $0 == "help" }) else { return arguments }
        var index = 0
        while index < arguments.count, globalValueOptions.contains(arguments[index]) || arguments[index].hasPrefix("--db=") {
            index += arguments[index].contains("=") ? 1 : 2
        }
        guard index < arguments.count, let options = valueOptions[arguments[index]] else { return arguments }
        var kept = Array(arguments[...index])
        var positionals: [String] = []
        var position = index + 1
        var onlyPositionals = false
        while position < arguments.count {
            let argument = arguments[position]
            if onlyPositionals || argument == "-" || !argument.hasPrefix("-") {
                positionals.append(argument)
            } else if argument == "--" {
                onlyPositionals = true
            } else {
                kept.append(argument)
                let name = String(argument.prefix { $0 != "=" })
                if (options.contains(name) || globalValueOptions.contains(name)) && !argument.contains("="), position + 1 < arguments.count {
                    position += 1
                    kept.append(arguments[position])
                }
            }
            position += 1
        }
        guard positionals.count >= bundlingThreshold, !positionals.contains(where: { $0.contains(separator) }) else { return arguments }
        return kept + ["--", positionals.joined(separator: String(separator))]
    }

    /// The values a command received, bundled or not.
    static func expand(_ values: [String]) -> [String] {
        guard values.contains(where: { $0.contains(separator) }) else { return values }
        return values.flatMap { $0.split(separator: separator, omittingEmptySubsequences: false).map(String.init) }
    }
}
