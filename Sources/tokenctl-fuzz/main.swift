import Foundation

// tokenctl-fuzz TARGET [ARGUMENTS...]
//
// Built by `make fuzz` (with -DFUZZING, coverage instrumentation, AddressSanitizer
// and libFuzzer linked in), TARGET's arguments are libFuzzer's. In an ordinary
// build it replays the files and directories given (a corpus, crash fixtures)
// through the target: that is how the tests run the corpus on every change.

let arguments = CommandLine.arguments
guard arguments.count >= 2, let target = FuzzTarget(rawValue: arguments[1]) else {
    let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")
    FileHandle.standardError.write(Data("usage: tokenctl-fuzz \(names) [libFuzzer arguments | files to replay...]\n".utf8))
    exit(64)
}

#if FUZZING
exit(FuzzDriver(target: target).run(arguments: [arguments[0]] + arguments.dropFirst(2)))
#else
exit(CorpusReplay(target: target).run(paths: Array(arguments.dropFirst(2))))
#endif
