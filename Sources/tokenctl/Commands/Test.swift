import ArgumentParser
import TokenKit

struct Test: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run expected join verdicts from case files: CI tests for token manifests.",
        discussion: """
            A case file lists cases, each an identity document and the verdict expected for it:

              manifests: [tokens/]          # default manifests for every case; else the database
              cases:
              - name: west web server joins
                iid: samples/west.rsa2048   # as check --iid (signature: for a legacy /signature file)
                at: pending+2m              # as check --at
                role: Node                  # optional, as check --role
                expect: allowed             # or denied
                token: ec2-token            # optional: allowed by exactly this token
                rule: 1                     # optional: by this allow rule
              - name: east is refused
                iid: samples/east.json
                expect: denied
                reason: did not match any allow rules   # optional substring of the denial
              - name: the web node with its new app service
                config: nodes/web.yaml      # the node's teleport.yaml, as check --config (iid optional)
                expect: denied
                reason: does not allow role App

            Paths are relative to the case file; -f overrides manifests. Each case prints ok NAME or \
            FAIL NAME: expected …, got … with the deciding step; the last line is "N passed, M failed". \
            One process evaluates every case: each document is read and verified once, and the \
            database is opened once.

            In CI: tokenctl test --format junit joins.tokentest.yaml > joins.xml

            Exit status: 0 every case passed; 1 some case failed; 2 a case file is unusable (its \
            problems are printed with file:line:col) or a case's identity document or configuration \
            cannot be read; \
            3 a database failure; 64 a usage error.
            """
    )

    @ParentCommand var root: Tokenctl

    @Option(name: .customShort("f"), help: ArgumentHelp("Evaluate against these manifests instead of the case files' own (repeatable).", valueName: "manifest"), completion: .file(extensions: ["yaml", "yml", "json"]))
    var manifests: [String] = []

    @Option(help: "Output format: text, json or junit.")
    var format: JoinTestFormat = .text

    @Argument(help: ArgumentHelp("Case files.", valueName: "casefile"), completion: .file(extensions: ["yaml", "yml"]))
    var caseFiles: [String]

    func run() throws {
        let environment = try CommandEnvironment.current()
        var files: [JoinTestFile] = []
        var unusable = false
        for input in InputFiles().collect(caseFiles) {
            guard case .bytes(let bytes) = input.content else {
                if case .unreadable(let reason) = input.content { environment.printError("cannot read \(input.name): \(reason)") }
                if case .tooLarge(let size) = input.content { environment.printError("\(input.name): \(InputLimits.standard.fileTooLarge(size: size).message)") }
                unusable = true
                continue
            }
            let (file, findings) = JoinTestFileReader().read(SourceText(name: input.name, bytes: bytes))
            for finding in findings.sorted(by: { $0.range.start < $1.range.start }) {
                environment.writeError("\(input.name):\(finding.range.start): error: \(finding.message) [\(finding.rule.rawValue)]\n")
            }
            if let file { files.append(file) } else { unusable = true }
        }
        if unusable {
            environment.printError("no case was run: fix the case files first")
            throw ExitCode(2)
        }
        var sources = CandidateSources(root: root, override: manifests, environment: environment)
        var runner = JoinTestRunner(now: environment.now, inputNames: .commandLine)
        var results: [JoinTestResult] = []
        for file in files {
            let source = try sources.source(for: file)
            do {
                results += try runner.run(file) { (query: CandidateQuery) throws(StoreError) -> CandidateSet in
                    try source.candidates(for: query)
                }
            } catch {
                throw environment.fail(error)
            }
        }
        environment.write(JoinTestRendering().render(results, as: format))
        if results.contains(where: { if case .error = $0.outcome { true } else { false } }) { throw ExitCode(2) }
        if results.contains(where: { !$0.passed }) { throw ExitCode(1) }
    }
}

extension JoinTestFormat: ExpressibleByArgument {}

/// Where cases find their candidate tokens: manifests (loaded once per
/// distinct set) or the store (opened once).
private struct CandidateSources {
    let root: Tokenctl
    let override: [String]
    let environment: CommandEnvironment
    private var manifestSets: [[String]: CandidateSource] = [:]
    private var store: CandidateSource?

    init(root: Tokenctl, override: [String], environment: CommandEnvironment) {
        self.root = root
        self.override = override
        self.environment = environment
    }

    mutating func source(for file: JoinTestFile) throws -> CandidateSource {
        let paths = override.isEmpty ? file.manifests.map { JoinTestRunner.resolve($0.value, relativeTo: file.name) } : override
        guard !paths.isEmpty else {
            if let store { return store }
            let opened = try StoreAccess(flag: root.db).open(.readOnly, environment: environment)
            let redactor: SecretRedactor
            do { redactor = try opened.secretRedactor() } catch { throw environment.fail(error) }
            let source = CandidateSource.store(opened, redactor)
            store = source
            return source
        }
        if let known = manifestSets[paths] { return known }
        let source = CandidateSource.manifests(try ManifestInput.candidates(from: paths, environment: environment))
        manifestSets[paths] = source
        return source
    }
}

private enum CandidateSource {
    case manifests(CandidateSet)
    case store(TokenStore, SecretRedactor)

    func candidates(for query: CandidateQuery) throws(StoreError) -> CandidateSet {
        switch (self, query) {
        case (.manifests(let set), .account): return set
        case (.manifests(let set), .named(let name)): return set.named(name)
        case (.store(let store, let redactor), .account(let account, let method)):
            return CandidateSet(tokens: try store.candidates(method: method, account: account), redactor: redactor)
        case (.store(let store, let redactor), .named(let name)):
            let (tokens, missing) = try store.tokens(named: [name])
            return CandidateSet(tokens: tokens, missing: missing, redactor: redactor)
        }
    }
}
