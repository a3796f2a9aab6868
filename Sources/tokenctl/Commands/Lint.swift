import ArgumentParser
import TokenKit

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check manifests as Teleport would, and flag risky settings.",
        discussion: """
            Reads files and directories (*.yaml and *.yml, recursively; '-' for standard input). \
            Documents of other Teleport kinds are skipped and counted. Silence a finding with \
            '# tokenctl:ignore RULE[,RULE]' at the end of its line or alone on the line before it.

            Errors are what Teleport would reject: \(RuleID.tokenRuleList(.error)). Warnings are \
            what Teleport accepts but is risky: \(RuleID.tokenRuleList(.warning)).

            Limits (each hit is a yaml-syntax error naming the limit and the file): \
            \(InputLimits.standard.manifestSummary).

            Secret token names (join method "token") are masked in every output format.

            Exit status: 0 no errors; 1 errors (or warnings with --strict); 2 an input is unusable \
            (unreadable, yaml-syntax, no-resources); 64 a usage error.
            """
    )

    @Option(help: "Output format: text, json, sarif (SARIF 2.1.0), github (workflow commands) or codeclimate (GitLab Code Quality).")
    var format: LintFormat = .text

    @Flag(help: "Fail (exit 1) on warnings too.")
    var strict = false

    @Option(help: ArgumentHelp("Rule ids to turn off, comma-separated (repeatable).", valueName: "rules"))
    var disable: [String] = []

    @Argument(help: ArgumentHelp("Manifest files or directories; '-' reads standard input.", valueName: "path"))
    var paths: [String]

    func validate() throws {
        _ = try disabledRules()
    }

    private func disabledRules() throws -> Set<RuleID> {
        var rules = Set<RuleID>()
        let names: [String] = disable.flatMap { value in value.split(separator: ",").map { String($0).trimmingCharacters(in: " ") } }
        for name in names where !name.isEmpty {
            guard let rule = RuleID(rawValue: name) else {
                var message = "unknown rule id \"\(name)\" in --disable"
                if let suggestion = nearest(to: name, in: RuleID.allCases.map(\.rawValue)) {
                    message += "; did you mean \"\(suggestion)\"?"
                }
                throw ValidationError(message)
            }
            rules.insert(rule)
        }
        return rules
    }

    func run() throws {
        try run(in: CommandEnvironment.current())
    }

    /// The command against an environment: the process's, or a test's (output collected, a fixed clock).
    func run(in environment: CommandEnvironment) throws {
        let paths = PositionalArguments.expand(self.paths)
        let inputs = InputFiles().collect(paths)
        if inputs.isEmpty {
            environment.printError("no *.yaml or *.yml files under \(paths.joined(separator: ", ")); nothing was linted")
        }
        var linter = Linter(now: environment.now, disabled: try disabledRules(), inputNames: .commandLine)
        let progress = ProgressLine(environment: environment, verb: "linted")
        linter.progress = progress.counter
        linter.keepsTokens = false
        let report = linter.lint(inputs)
        progress.finish()
        ManifestInput.reportUnreadable(report, environment: environment)
        let rendering = LintRendering(style: TerminalStyle.forStream(isTerminal: environment.stdoutIsTerminal), toolVersion: TokenKitVersion.current)
        environment.write(rendering.render(report, as: format))
        let status = report.outcome.exitCode(strict: strict)
        if status != .success { throw status }
    }
}

extension LintFormat: ExpressibleByArgument {}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var text = Substring(self)
        while text.first == set { text = text.dropFirst() }
        while text.last == set { text = text.dropLast() }
        return String(text)
    }
}
