/// `tokenctl test` output: `ok`/`FAIL` lines closing with `N passed, M
/// failed` (the line CI runners read), a JSON array, or JUnit XML (which
/// GitHub, GitLab and Jenkins display natively).
public enum JoinTestFormat: String, CaseIterable, Sendable {
    case text, json, junit
}

public struct JoinTestRendering: Sendable {
    public init() {}

    public func render(_ results: [JoinTestResult], as format: JoinTestFormat) -> String {
        switch format {
        case .text: text(results)
        case .json: json(results)
        case .junit: junit(results)
        }
    }

    public func text(_ results: [JoinTestResult]) -> String {
        var output = ""
        for result in results {
            switch result.outcome {
            case .passed: output += "ok \(printable(result.name))\n"
            case .failed(let why): output += "FAIL \(printable(result.name)): \(printable(why)) [\(result.file):\(result.position)]\n"
            case .error(let why): output += "FAIL \(printable(result.name)): not evaluated: \(printable(why))\n"
            }
        }
        return output + summary(results) + "\n"
    }

    public func summary(_ results: [JoinTestResult]) -> String {
        let passed = results.count { $0.passed }
        return "\(passed) passed, \(results.count - passed) failed"
    }

    public func json(_ results: [JoinTestResult]) -> String {
        let items = results.map { result -> JSONValue in
            let (status, message): (String, String?) =
                switch result.outcome {
                case .passed: ("passed", nil)
                case .failed(let why): ("failed", why)
                case .error(let why): ("error", why)
                }
            return .object([
                ("name", .string(result.name)), ("file", .string(result.file)), ("line", .int(result.position.line)),
                ("column", .int(result.position.column)), ("status", .string(status)), ("expected", .string(result.expected.rawValue)),
                ("got", .string(result.allowed.map { $0 ? "allowed" : "denied" })), ("token", .string(result.decidingToken)),
                ("rule", result.rule.map { .int($0) } ?? .null), ("step", .string(result.step?.name.rawValue)),
                ("detail", .string(result.step?.detail)), ("message", .string(message)),
            ])
        }
        return JSONValue.array(items).rendered() + "\n"
    }

    /// JUnit XML: one `testsuite` per case file, one `testcase` per case,
    /// `failure` for a wrong verdict and `error` for a case not evaluated.
    public func junit(_ results: [JoinTestResult]) -> String {
        var files: [String] = []
        var byFile: [String: [JoinTestResult]] = [:]
        for result in results {
            if byFile[result.file] == nil { files.append(result.file) }
            byFile[result.file, default: []].append(result)
        }
        func failures(_ results: [JoinTestResult]) -> Int { results.count { if case .failed = $0.outcome { true } else { false } } }
        func errors(_ results: [JoinTestResult]) -> Int { results.count { if case .error = $0.outcome { true } else { false } } }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"tokenctl test\" tests=\"\(results.count)\" failures=\"\(failures(results))\" errors=\"\(errors(results))\">\n"
        for file in files {
            let cases = byFile[file] ?? []
            xml += "  <testsuite name=\"\(XML.escape(file))\" tests=\"\(cases.count)\" failures=\"\(failures(cases))\" errors=\"\(errors(cases))\" skipped=\"0\">\n"
            for result in cases {
                let attributes = "name=\"\(XML.escape(result.name))\" classname=\"\(XML.escape(file))\" file=\"\(XML.escape(file))\" line=\"\(result.position.line)\""
                switch result.outcome {
                case .passed:
                    xml += "    <testcase \(attributes)/>\n"
                case .failed(let why):
                    xml += "    <testcase \(attributes)>\n"
                    xml += "      <failure message=\"\(XML.escape(why))\" type=\"verdict\">\(XML.escape(result.verdict ?? why))</failure>\n"
                    xml += "    </testcase>\n"
                case .error(let why):
                    xml += "    <testcase \(attributes)>\n      <error message=\"\(XML.escape(why))\" type=\"input\"/>\n    </testcase>\n"
                }
            }
            xml += "  </testsuite>\n"
        }
        return xml + "</testsuites>\n"
    }
}

/// XML text and attribute escaping; characters XML 1.0 cannot hold at all
/// (most controls) become U+FFFD.
enum XML {
    static func escape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\n": result += "&#10;"
            case "\t": result += "&#9;"
            case "\r": result += "&#13;"
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    result += "\u{FFFD}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }
}
