// In-process benchmarks for `make bench` (not tests: nothing asserts on time).
import CYaml
import TokenKit
import TokenStore

#if canImport(Glibc)
import Glibc
#endif

func seconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

func readFile(_ path: String) -> [UInt8]? {
    guard case .bytes(let bytes) = InputFiles().read(path).content else { return nil }
    return bytes
}

let arguments = CommandLine.arguments.dropFirst()

/// Where the time of reading manifests goes: YAML events to trees, decoding
/// and validation, then lint rules (one file, best of five).
func phases(_ path: String) {
    guard let bytes = readFile(path) else {
        print("cannot read \(path)")
        exit(2)
    }
    let text = SourceText(name: path, bytes: bytes)
    func best(_ body: () -> Int) -> (Double, Int) {
        var fastest = Double.infinity
        var count = 0
        for _ in 0..<5 {
            let start = seconds()
            count = body()
            fastest = min(fastest, seconds() - start)
        }
        return (fastest, count)
    }
    let (events, _) = best {
        // The floor: libyaml's events alone, nothing built from them.
        var parser = yaml_parser_t()
        yaml_parser_initialize(&parser)
        defer { yaml_parser_delete(&parser) }
        var count = 0
        bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var event = yaml_event_t()
            while yaml_parser_parse(&parser, &event) == 1 {
                let done = event.type == YAML_STREAM_END_EVENT
                if event.type == YAML_DOCUMENT_END_EVENT { count += 1 }
                yaml_event_delete(&event)
                if done { break }
            }
        }
        return count
    }
    let (parse, documents) = best {
        var count = 0
        _ = YAMLParser().parse(text) { _ in count += 1 }
        return count
    }
    let (read, _) = best {
        var count = 0
        _ = ManifestReader().read(text) { _ in count += 1 }
        return count
    }
    let (lint, _) = best { Linter(now: Timestamp(seconds: 0)).lint([InputFile(name: path, content: .bytes(bytes))]).files.count }
    func perDocument(_ time: Double) -> String { "\(Int(time / Double(max(documents, 1)) * 1e9)) ns/document" }
    print("phases of \(documents) documents: libyaml events \(perDocument(events)), YAML trees \(perDocument(parse)), + decode and validate \(perDocument(read)), + lint rules \(perDocument(lint))")
    if arguments.contains("--rules") {
        let warnings = RuleID.allCases.filter { $0.defaultSeverity == .warning }
        let (none, _) = best { Linter(now: Timestamp(seconds: 0), disabled: Set(warnings)).lint([InputFile(name: path, content: .bytes(bytes))]).files.count }
        print("  no warning rules: \(perDocument(none))")
        for rule in warnings {
            let (alone, _) = best {
                Linter(now: Timestamp(seconds: 0), disabled: Set(warnings.filter { $0 != rule })).lint([InputFile(name: path, content: .bytes(bytes))]).files.count
            }
            print("  only \(rule.rawValue): +\(Int((alone - none) / Double(max(documents, 1)) * 1e9)) ns/document")
        }
    }
}

/// Where the time of storing goes: canonical resources, then the database.
func storePhases(_ path: String, database: String) {
    guard let bytes = readFile(path) else { exit(2) }
    let tokens = ManifestReader().read(SourceText(name: path, bytes: bytes)).tokens.compactMap(\.token)
    var start = seconds()
    var size = 0
    for token in tokens { size += CanonicalResource.compactText(for: token).utf8.count }
    let render = seconds() - start
    unlink(database)
    guard let store = try? SQLiteTokenStore.open(path: database, mode: .createIfMissing) else { exit(3) }
    start = seconds()
    _ = try? store.save(tokens, force: false, dryRun: false, now: Timestamp(seconds: 0))
    let save = seconds() - start
    func perToken(_ time: Double) -> String { "\(Int(time / Double(max(tokens.count, 1)) * 1e9)) ns/token" }
    print("store phases of \(tokens.count) tokens (\(size / max(tokens.count, 1)) bytes each): canonical resource \(perToken(render)), save \(perToken(save))")
}

/// Where the time of `check` goes once the process runs: the candidate
/// query, the secret names, the evaluation and the text (medians of 21).
func checkPhases(database: String, blobPath: String) {
    guard let blob = readFile(blobPath), let evidence = try? IdentityEvidence.read(blob),
        let store = try? SQLiteTokenStore.open(path: database, mode: .readOnly)
    else { exit(2) }
    func median(_ body: () -> Void) -> Double {
        var times: [Double] = []
        for _ in 0..<21 {
            let start = seconds()
            body()
            times.append(seconds() - start)
        }
        return times.sorted()[10] * 1000
    }
    var candidates: [ProvisionToken] = []
    let query = median { candidates = (try? store.ec2Candidates(account: evidence.document.accountID, region: evidence.document.region)) ?? [] }
    let open = median { _ = try? SQLiteTokenStore.open(path: database, mode: .readOnly) }
    print("open (read-only, schema inspected): \(String(format: "%.2f", open)) ms")
    let rowsOnly = median { _ = try? store.candidateRowCount(account: evidence.document.accountID) }
    print("candidate rows stepped without building tokens: \(String(format: "%.2f", rowsOnly)) ms")
    var redactor = SecretRedactor.none
    let secrets = median { redactor = (try? store.secretRedactor()) ?? .none }
    let request = JoinRequest(at: evidence.document.pendingTime.adding(.minutes(1)))
    var report: CheckReport?
    let evaluate = median { report = JoinEvaluator(request: request).evaluate(evidence, candidates: candidates, detail: .decisive) }
    guard let report else { exit(1) }
    let text = median { _ = CheckRendering(redactor: redactor).text(report) }
    var everyChecklist = report
    let evaluateAll = median { everyChecklist = JoinEvaluator(request: request).evaluate(evidence, candidates: candidates) }
    var bytes = 0
    let json = median { CheckRendering(redactor: redactor).json(everyChecklist) { bytes += $0.count } }
    print(
        "check phases (\(candidates.count) candidates, in-process medians): candidates \(String(format: "%.2f", query)) ms, secret names \(String(format: "%.2f", secrets)) ms, evaluate \(String(format: "%.2f", evaluate)) ms, text \(String(format: "%.2f", text)) ms; json: every checklist \(String(format: "%.2f", evaluateAll)) ms, rendered \(String(format: "%.2f", json)) ms (\(bytes / 21) bytes)"
    )
}

/// For profiling: the candidate query alone, many times.
if arguments.first == "candidates", let database = arguments.dropFirst().first {
    guard let store = try? SQLiteTokenStore.open(path: database, mode: .readOnly) else { exit(2) }
    var total = 0
    for _ in 0..<200 { total += (try? store.ec2Candidates(account: "692406183521", region: "us-west-2"))?.count ?? 0 }
    print(total)
    exit(0)
}

/// For profiling: the evaluation alone, many times (`evaluate DB BLOB all`: every checklist worded, as JSON needs).
if arguments.first == "evaluate", let database = arguments.dropFirst().first, let blobPath = arguments.dropFirst(2).first {
    let detail: JoinEvaluator.Detail = arguments.dropFirst(3).first == "all" ? .all : .decisive
    guard let blob = readFile(blobPath), let evidence = try? IdentityEvidence.read(blob),
        let store = try? SQLiteTokenStore.open(path: database, mode: .readOnly),
        let candidates = try? store.ec2Candidates(account: evidence.document.accountID, region: evidence.document.region)
    else { exit(2) }
    let request = JoinRequest(at: evidence.document.pendingTime.adding(.minutes(1)))
    var allowed = 0
    for _ in 0..<200 where JoinEvaluator(request: request).evaluate(evidence, candidates: candidates, detail: detail).allowed { allowed += 1 }
    print(allowed)
    exit(0)
}

if arguments.first == "check", let database = arguments.dropFirst().first, let blob = arguments.dropFirst(2).first {
    checkPhases(database: database, blobPath: blob)
    exit(0)
}

if arguments.first == "store", let path = arguments.dropFirst().first, let database = arguments.dropFirst(2).first {
    storePhases(path, database: database)
    exit(0)
}

if arguments.first == "phases", let path = arguments.dropFirst().first {
    phases(path)
    exit(0)
}

guard arguments.first == "verify", let blobPath = arguments.dropFirst().first, let blob = readFile(blobPath) else {
    print("usage: tokenctl-bench verify RSA2048-BLOB | phases MANIFEST | store MANIFEST DB | check DB RSA2048-BLOB")
    exit(64)
}

// Warm up, then verify for about two seconds on one thread with one verifier
// (as a long-running process would: certificates parsed once).
let verifier = SignatureVerifier()
for _ in 0..<200 { _ = try? IdentityEvidence.read(blob, verifier: verifier) }
var verified = 0
var count = 0
let start = seconds()
var elapsed = 0.0
while elapsed < 2 {
    for _ in 0..<500 {
        if let evidence = try? IdentityEvidence.read(blob, verifier: verifier), evidence.signature.status == .verified {
            verified += 1
        }
        count += 1
    }
    elapsed = seconds() - start
}
guard verified == count else {
    print("verification failed for \(count - verified) of \(count) blobs")
    exit(1)
}
print("verify: \(Int(Double(count) / elapsed)) rsa2048 blobs/s in-process, single thread, parse + verify (target >= 15000)")
