import ArgumentParser
import TokenKit

/// tokenctl's exit statuses (SPEC §1), named.
extension ExitCode {
    /// A negative verdict: lint errors (or warnings with --strict), a refused create, a token not found.
    static let negative = ExitCode.failure
    /// Unusable input: an unreadable file, YAML that does not parse, a limit hit.
    static let unusableInput = ExitCode(2)
    /// A database failure.
    static let databaseFailure = ExitCode(3)
}

extension LintReport.Outcome {
    func exitCode(strict: Bool) -> ExitCode {
        switch self {
        case .clean: .success
        case .warnings: strict ? .negative : .success
        case .errors: .negative
        case .unusable: .unusableInput
        }
    }
}
