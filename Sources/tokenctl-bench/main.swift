// In-process benchmarks for `make bench` (not tests: nothing asserts on time).
import TokenKit

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
guard arguments.first == "verify", let blobPath = arguments.dropFirst().first, let blob = readFile(blobPath) else {
    print("usage: tokenctl-bench verify RSA2048-BLOB")
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
