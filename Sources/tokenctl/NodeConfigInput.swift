import ArgumentParser
import TokenKit

/// `--config`: a node's teleport.yaml read into the join it would make; a
/// file that is not YAML or not a Teleport configuration is unusable input (exit 2).
enum NodeConfigInput {
    static func read(_ path: String, environment: CommandEnvironment) throws -> NodeJoinRequest {
        let input = path == "-" ? InputFiles().collect(["-"])[0] : InputFiles(allowsDevices: false).read(path)
        switch input.content {
        case .unreadable(let reason):
            environment.printError("cannot read \(input.name): \(reason)")
            throw ExitCode(2)
        case .tooLarge(let size):
            environment.printError("\(input.name): \(InputLimits.standard.fileTooLarge(size: size).message)")
            throw ExitCode(2)
        case .bytes(let bytes):
            switch NodeConfigurationReader().read(SourceText(name: input.name, bytes: bytes)) {
            case .unusable(let finding):
                environment.printError("\(input.name):\(finding.range.start): \(finding.message)")
                throw ExitCode(2)
            case .configuration(let configuration, let findings):
                return NodeJoinRequest(configuration: configuration, file: input.name, findings: findings)
            }
        }
    }
}
