import ArgumentParser
import TokenKit

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Dry-run a join: would this node be allowed, and if not, why?",
        discussion: """
            Evaluates an EC2 instance identity document against the stored ec2 tokens (or the \
            manifests given with -f) in the order Teleport v17+ checks them: token, expiry, \
            join_method, role, signature, host_id, ttl, allow_rules, then describe_instances, which \
            needs AWS and is only described.

            --iid takes the rsa2048 document as IMDS returns it (base64), as PEM or DER; or the plain \
            JSON document (then the signature step is skipped, since Teleport itself requires the \
            signed rsa2048 document), optionally with --signature holding the legacy /signature \
            value. The certificate is chosen by the document's region and is the only one trusted. \
            A /pkcs7 (DSA) blob is refused. Limits: \(InputLimits.standard.identitySummary(.commandLine)). \
            On an instance, with IMDSv2:

              TOKEN=$(curl -sX PUT http://169.254.169.254/latest/api/token \\
                -H 'X-aws-ec2-metadata-token-ttl-seconds: 60')
              curl -sH "X-aws-ec2-metadata-token: $TOKEN" \\
                http://169.254.169.254/latest/dynamic/instance-identity/rsa2048 > iid.rsa2048

            --at takes RFC 3339, or pending+DURATION / pending-DURATION relative to the document's \
            pendingTime (e.g. pending+6m); default: now.

            Text output: the verdict, the document, signature and time, the deciding token's \
            checklist (the token that allows, else the one that got furthest), then one line per \
            distinct outcome of every other candidate, with counts, so the answer fits on a screen \
            however many tokens match; --all prints every candidate's checklist. JSON lists every \
            candidate, with "decisive": true on the deciding one.

            IAM joins: --caller-arn takes the ARN the joining host's credentials resolve to (what \
            aws sts get-caller-identity prints as Arn there, e.g. \
            arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION), --caller-identity that command's JSON \
            output. Candidates are the iam tokens with a rule for the caller's account or for any \
            account; the steps are token, expiry, join_method, role, allow_rules (aws_account, then \
            aws_arn as Teleport's glob over the whole ARN: * any run of characters, also none, ? \
            exactly one), and organization when the deciding rule names aws_organization_id: that \
            cannot be checked offline, so the verdict says "ALLOWED if account … belongs to \
            organization …" (JSON "conditional": true).

            --live makes the AWS call Teleport makes next, with the local AWS credentials (the \
            Auth Service's): for ec2, sts:AssumeRole on the deciding rule's aws_role when it has one \
            (session tokenctl-<nanoseconds>, 900 s), then ec2:DescribeInstances for the document's \
            instance in its region, which must be running; AWS's error code and message are shown \
            with what to do. For iam without --caller-*, the local credentials' own identity \
            (sts:GetCallerIdentity) is the evidence. Credentials: AWS_ACCESS_KEY_ID / \
            AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, else the shared files' profile (--profile, \
            AWS_PROFILE; role_arn with source_profile); endpoints AWS_ENDPOINT_URL, \
            AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL_EC2. Nothing goes to the network without --live.

            --config takes the node's own teleport.yaml (v1, v2, v3; '-' for standard input) and \
            evaluates the join it would make: a config step first (Teleport would start the file and \
            the process would join: strict keys, the address rules of its version, join_params, no \
            local Auth Service), then join_method (the file's method against the token's) and role \
            (Instance plus one role per service the file starts, with Teleport's defaults: \
            auth_service, proxy_service and ssh_service are on unless disabled), reporting every role \
            the token lacks and the roles it grants that no service needs. The token is the one the \
            file names (--token when the file names a token file). With --iid the EC2 steps follow; \
            without it the verdict covers the configuration only and says so.

            Exit status: 0 some token allows; 1 denied; 2 the document, caller identity or \
            configuration cannot be used (or is a DSA pkcs7 blob); 3 a database failure; 64 a usage error.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @ParentCommand var root: Tokenctl

    @Option(help: ArgumentHelp("The identity document or rsa2048 blob ('-' for standard input).", valueName: "file"), completion: .file())
    var iid: String?

    @Option(help: ArgumentHelp("The IAM caller ARN of the joining host (aws sts get-caller-identity's Arn).", valueName: "arn"))
    var callerArn: String?

    @Option(help: ArgumentHelp("aws sts get-caller-identity's JSON output from the joining host ('-' for standard input).", valueName: "file"), completion: .file(extensions: ["json"]))
    var callerIdentity: String?

    @Option(help: ArgumentHelp("The joining node's teleport.yaml ('-' for standard input).", valueName: "file"), completion: .file(extensions: ["yaml", "yml"]))
    var config: String?

    @Option(help: ArgumentHelp("The legacy /signature value for a plain JSON document.", valueName: "file"), completion: .file())
    var signature: String?

    @Flag(help: "Deny an unsigned (plain JSON) document.")
    var requireSignature = false

    @Option(help: ArgumentHelp("Evaluate only this token.", valueName: "name"), completion: .custom(TokenName.completions))
    var token: String?

    @Option(name: .customShort("f"), help: ArgumentHelp("Evaluate the tokens of these manifests instead of the database (repeatable).", valueName: "manifest"), completion: .file(extensions: ["yaml", "yml", "json"]))
    var manifests: [String] = []

    @Option(help: ArgumentHelp("When to evaluate: RFC 3339, or pending+DURATION / pending-DURATION.", valueName: "time"))
    var at: String?

    @Option(help: ArgumentHelp("The system role the instance asks to join as.", valueName: "role"))
    var role: String?

    @Option(help: ArgumentHelp("The host ID the instance presents (<accountId>-<instanceId>).", valueName: "id"))
    var hostID: String?

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @Flag(help: "Print every candidate's checklist, not only the deciding token's and a summary of the others.")
    var all = false

    @Flag(help: "Make the AWS call Teleport makes next with the local AWS credentials (ec2: AssumeRole, DescribeInstances; iam without --caller-*: GetCallerIdentity).")
    var live = false

    @OptionGroup var aws: AWSOptions

    func validate() throws {
        let evidence = [iid.map { _ in "--iid" }, callerArn.map { _ in "--caller-arn" }, callerIdentity.map { _ in "--caller-identity" }]
            .compactMap { $0 }
        if evidence.count > 1 {
            throw ValidationError("\(evidence.joined(separator: " and ")) are two joins' evidence: give one (--iid for ec2, --caller-arn or --caller-identity for iam)")
        }
        try aws.requireLive(live)
        guard !evidence.isEmpty || config != nil || live else {
            throw ValidationError(
                "give the join's evidence (--iid for an EC2 identity document, --caller-arn or --caller-identity for IAM), --config (the node's teleport.yaml), or both")
        }
        if [iid, callerIdentity, config].filter({ $0 == "-" }).count > 1 {
            throw ValidationError("only one of --iid, --caller-identity and --config can read standard input")
        }
        if let at {
            let time = try JoinTime(argument: at)
            if iid == nil, case .relative = time.value { throw ValidationError("--at \(at) is relative to the document's pendingTime: give --iid, or an RFC 3339 time") }
        }
        if let role { _ = try ArgumentValue.role(role) }
    }

    func run() throws {
        let environment = try CommandEnvironment.current()
        let node = try config.map { try NodeConfigInput.read($0, environment: environment) }
        let aws = try live ? self.aws.access.session(environment: environment) : nil
        var evidence = try readJoinEvidence(environment: environment)
        if evidence == nil, let aws {
            // iam: the local credentials' own identity is the evidence.
            let arn = try aws.callerIdentity(environment: environment).arn
            do { evidence = .iam(try CallerIdentity(arn: arn)) } catch {
                environment.printError("sts:GetCallerIdentity answered \(error.message)")
                throw ExitCode(3)
            }
        }
        let pendingTime = if case .ec2(let identity) = evidence { identity.document.pendingTime } else { environment.now }
        let at = try at.map { try JoinTime(argument: $0).resolve(pendingTime: pendingTime) } ?? environment.now
        let request = JoinRequest(
            at: at, role: role.flatMap(SystemRole.init), hostID: hostID, requireSignature: requireSignature, node: node,
            inputNames: .commandLine)
        var (candidates, missing, redactor) = try candidates(for: evidence, node: node, environment: environment)
        if let node { redactor = redactor.adding(node.configuration.secrets) }
        // Text without --all prints one checklist: only that one is worded in full.
        let detail: JoinEvaluator.Detail = format == .json || all || live ? .all : .decisive
        var report = JoinEvaluator(request: request).evaluate(evidence: evidence, candidates: candidates, missing: missing, detail: detail)
        if let aws, case .iam = evidence, report.conditionalOrganization != nil {
            report = LiveCheck(client: aws.client, stsRegion: aws.region, inputNames: .commandLine).organization(in: report)
        }
        if let aws, case .ec2 = evidence {
            let byName = Dictionary(candidates.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            report = LiveCheck(client: aws.client, stsRegion: aws.region, inputNames: .commandLine).describeInstances(in: report) { evaluation in
                guard let rule = evaluation.rule, let token = byName[evaluation.tokenName], rule <= token.allow.count else { return "" }
                return token.allow[rule - 1].awsRole
            }
        }
        let rendering = CheckRendering(style: TerminalStyle.forStream(isTerminal: environment.stdoutIsTerminal), redactor: redactor)
        if format == .json {
            rendering.json(report, write: environment.write(bytes:))
        } else {
            environment.write(rendering.text(report, all: all))
        }
        if !report.allowed { throw ExitCode(1) }
    }

    /// The join's evidence: an identity document (ec2) or a caller identity (iam); unusable input exits 2.
    private func readJoinEvidence(environment: CommandEnvironment) throws -> JoinEvidence? {
        if let iid { return .ec2(try readEvidence(iid, environment: environment)) }
        do {
            if let callerArn { return .iam(try CallerIdentity(arn: callerArn)) }
            if let callerIdentity { return .iam(try CallerIdentity.parse(try read(callerIdentity, environment: environment))) }
        } catch let error as IdentityInputError {
            let source = callerArn != nil ? "--caller-arn" : (callerIdentity == "-" ? InputFile.stdinName : RawPath.display(callerIdentity ?? ""))
            environment.printError("\(source): \(error.message)")
            throw ExitCode(2)
        }
        return nil
    }

    private func readEvidence(_ path: String, environment: CommandEnvironment) throws -> IdentityEvidence {
        do {
            let iidBytes = try read(path, environment: environment)
            let signatureBytes = try signature.map { try read($0, environment: environment) }
            return try IdentityEvidence.read(iidBytes, signature: signatureBytes)
        } catch let error as IdentityInputError {
            environment.printError("\(path == "-" ? InputFile.stdinName : RawPath.display(path)): \(error.message)")
            throw ExitCode(2)
        }
    }

    private func read(_ path: String, environment: CommandEnvironment) throws -> [UInt8] {
        do {
            return try IdentityFile.read(path)
        } catch {
            environment.printError(error.message)
            throw ExitCode(2)
        }
    }

    /// The tokens to evaluate: from -f manifests, or from the store's allow-rule index; and the
    /// secret names to mask should one turn up in another token's fields.
    private func candidates(for evidence: JoinEvidence?, node: NodeJoinRequest?, environment: CommandEnvironment) throws
        -> ([ProvisionToken], [String], SecretRedactor)
    {
        var wanted = token.map(TokenName.normalize)
        if let node, wanted == nil {
            // The node presents one token: the one its file names.
            guard !node.configuration.tokenIsFilePath else {
                environment.printError(
                    "\(node.file): the token is read from \(node.configuration.token?.value ?? "a file") on the node; give the token's name with --token")
                throw ExitCode(2)
            }
            wanted = node.configuration.token?.value ?? ""
        }
        if !manifests.isEmpty {
            let set = try ManifestInput.candidates(from: manifests, environment: environment)
            guard let wanted else { return (set.tokens, [], set.redactor) }
            let named = set.named(wanted)
            return (named.tokens, named.missing, named.redactor)
        }
        let store = try StoreAccess(flag: root.db).open(.readOnly, environment: environment)
        do {
            let (tokens, missing) =
                if let wanted {
                    try store.tokens(named: [wanted])
                } else {
                    (
                        try store.candidates(
                            method: evidence?.joinMethod ?? .ec2, account: evidence?.account ?? "", region: evidence?.region),
                        []
                    )
                }
            // Every stored secret: one may sit inside a candidate's name or fields.
            return (tokens, missing, try store.secretRedactor())
        } catch {
            throw environment.fail(error)
        }
    }
}

extension JoinTime {
    /// `--at`, as argument-parser reports a malformed value (exit 64).
    init(argument text: String) throws {
        do {
            try self.init(parsing: text)
        } catch {
            throw ValidationError("--at \(error.message)")
        }
    }
}
