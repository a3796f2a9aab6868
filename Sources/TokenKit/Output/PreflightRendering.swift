/// `preflight` output: an aligned table, or the rows as JSON.
public enum PreflightRendering {
    public static func text(_ rows: [Preflight.Row]) -> String {
        let header = ["TOKEN", "RULE", "ACCOUNT", "REGION", "ROLE", "RESULT"]
        let cells = rows.map { row in
            [printable(row.token), String(row.rule), row.account.isEmpty ? "(any)" : printable(row.account), printable(row.region),
             row.role.isEmpty ? "(own credentials)" : printable(row.role), (row.passed ? "ok: " : "FAIL: ") + printable(row.result)]
        }
        var widths = header.map(\.count)
        for line in cells { for (index, cell) in line.enumerated().dropLast() { widths[index] = max(widths[index], cell.count) } }
        func line(_ values: [String]) -> String {
            values.enumerated().map { index, value in
                index == values.count - 1 ? value : value + String(repeating: " ", count: widths[index] - value.count)
            }.joined(separator: "  ")
        }
        let failed = rows.count { !$0.passed }
        return ([line(header)] + cells.map(line)).joined(separator: "\n")
            + "\n\n\(counted(rows.count, "rule check")), \(failed) failed\n"
    }

    public static func json(_ rows: [Preflight.Row]) -> String {
        JSONValue.array(rows.map { row in
            .object([
                ("token", .string(row.token)), ("rule", .int(row.rule)), ("account", .string(row.account)), ("region", .string(row.region)),
                ("role", .string(row.role)), ("passed", .bool(row.passed)), ("result", .string(row.result)),
            ])
        }).rendered() + "\n"
    }
}
