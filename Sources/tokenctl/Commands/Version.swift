import ArgumentParser
import TokenKit

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print tokenctl's version (same as --version).")

    func run() {
        print("tokenctl \(TokenKitVersion.current)")
    }
}
