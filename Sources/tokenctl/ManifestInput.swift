import ArgumentParser
import TokenKit

/// Reading manifests for commands that go on to use their tokens (`create`,
/// `check -f`): lint them, report what is wrong on stderr, and stop with
/// lint's exit status when any input is unusable or invalid.
enum ManifestInput {
    static func tokens(
        from paths: [String], otherKinds: Linter.OtherKinds, showWarnings: Bool, failure: String,
        environment: CommandEnvironment
    ) throws -> [ProvisionToken] {
        var linter = Linter(now: environment.now, otherKinds: otherKinds, errorsSuppressible: false, inputNames: .commandLine)
        let progress = ProgressLine(environment: environment, verb: "read")
        linter.progress = progress.counter
        let linted = linter.lint(InputFiles().collect(paths))
        progress.finish()
        // Evaluating tokens, a teleport.yaml among the manifests is skipped like any other kind.
        let report = otherKinds == .skip ? linted.tokenFindingsOnly() : linted
        reportUnreadable(report, environment: environment)
        let rendering = LintRendering(style: TerminalStyle.forStream(isTerminal: environment.stderrIsTerminal), toolVersion: TokenKitVersion.current)
        let diagnostics = rendering.text(showWarnings ? report : report.errorsOnly(), summary: false)
        if !diagnostics.isEmpty { environment.writeError(diagnostics) }
        let status = report.outcome.exitCode(strict: false)
        if status != .success {
            environment.printError(failure)
            throw status
        }
        return report.files.flatMap(\.tokens)
    }

    /// The tokens of manifests to evaluate joins against (`check -f`, `test`), and their
    /// secrets to mask; invalid manifests stop the command as they stop `create`.
    static func candidates(from paths: [String], environment: CommandEnvironment) throws -> CandidateSet {
        let tokens = try ManifestInput.tokens(
            from: paths, otherKinds: .skip, showWarnings: false,
            failure: "the manifests have errors; fix them first (tokenctl lint)", environment: environment)
        return CandidateSet(tokens: tokens, redactor: SecretRedactor(secrets: tokens.filter(\.isSecret).map(\.name)))
    }

    static func reportUnreadable(_ report: LintReport, environment: CommandEnvironment) {
        for file in report.files {
            if let reason = file.readError { environment.printError("cannot read \(file.name): \(reason)") }
        }
    }
}

/// `--with-secrets`, shared by the commands that print stored tokens.
struct SecretsOption: ParsableArguments {
    @Flag(help: "Show secret token names unmasked.")
    var withSecrets = false
}
