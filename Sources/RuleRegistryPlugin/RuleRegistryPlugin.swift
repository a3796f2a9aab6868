import PackagePlugin

/// Gives TokenKit its rule registry: `rule-registry` reads every source file
/// under Lint/Rules and writes `LintRules.registered` into the build, so
/// adding a warning rule is adding its file.
@main
struct RuleRegistryPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let module = target as? SourceModuleTarget else { return [] }
        let rulesDirectory = module.directoryURL.appending(path: "Lint/Rules").path + "/"
        let ruleFiles = module.sourceFiles(withSuffix: "swift").map(\.url).filter { $0.path.hasPrefix(rulesDirectory) }
        let output = context.pluginWorkDirectoryURL.appending(path: "LintRuleRegistry.swift")
        return [
            .buildCommand(
                displayName: "Registering \(ruleFiles.count) lint rules",
                executable: try context.tool(named: "rule-registry").url,
                arguments: [output.path] + ruleFiles.map(\.path),
                inputFiles: ruleFiles,
                outputFiles: [output]
            )
        ]
    }
}
