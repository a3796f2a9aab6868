import Testing
@testable import TokenKit

/// SPEC §2.1: aws_iid_ttl uses Go's time.ParseDuration and prints as Duration.String.
@Suite struct GoDurationTests {
    static let valid: [(String, Int64, String)] = [
        ("300ms", 300_000_000, "300ms"), ("5m", 300_000_000_000, "5m0s"), ("1h30m", 5_400_000_000_000, "1h30m0s"),
        ("1.5h", 5_400_000_000_000, "1h30m0s"), ("-5m", -300_000_000_000, "-5m0s"), ("0", 0, "0s"), ("+0", 0, "0s"),
        ("1.5s", 1_500_000_000, "1.5s"), ("90s", 90_000_000_000, "1m30s"), ("1us", 1_000, "1\u{00B5}s"),
        ("1\u{00B5}s", 1_000, "1\u{00B5}s"), ("1\u{03BC}s", 1_000, "1\u{00B5}s"), ("2ns", 2, "2ns"),
        (".5m", 30_000_000_000, "30s"), ("1h0m0s", 3_600_000_000_000, "1h0m0s"), ("72h", 259_200_000_000_000, "72h0m0s"),
        ("1.000000001s", 1_000_000_001, "1.000000001s"), ("2562047h47m16.854775807s", Int64.max, "2562047h47m16.854775807s"),
    ]

    @Test(arguments: valid.indices)
    func parsesAndPrintsLikeGo(_ index: Int) throws {
        let (text, nanoseconds, printed) = Self.valid[index]
        let duration = try GoDuration.parse(text)
        #expect(duration.nanoseconds == nanoseconds, "\(text)")
        #expect(duration.description == printed)
    }

    static let invalid: [(String, String)] = [
        ("1d", "time: unknown unit \"d\" in duration \"1d\""), ("300", "time: missing unit in duration \"300\""),
        ("", "time: invalid duration \"\""), ("m", "time: invalid duration \"m\""), (".m", "time: invalid duration \".m\""),
        ("5 m", "time: unknown unit \" m\" in duration \"5 m\""), ("-", "time: invalid duration \"-\""),
        ("9999999999h", "time: invalid duration \"9999999999h\""), ("1.5", "time: missing unit in duration \"1.5\""),
    ]

    @Test(arguments: invalid.indices)
    func rejectsWhatGoRejects(_ index: Int) {
        let (text, message) = Self.invalid[index]
        #expect(throws: GoDuration.ParseError.self) { try GoDuration.parse(text) }
        do {
            _ = try GoDuration.parse(text)
        } catch {
            #expect(error.message == message)
        }
    }
}

@Suite struct TimestampTests {
    @Test func parsesRFC3339WithOffsetsAndFractions() throws {
        let utc = try #require(Timestamp.parseRFC3339("2030-01-01T00:00:00Z"))
        #expect(utc.seconds == 1_893_456_000)
        let offset = try #require(Timestamp.parseRFC3339("2030-01-01T02:00:00+02:00"))
        #expect(offset == utc)
        let fraction = try #require(Timestamp.parseRFC3339("2030-01-01T00:00:00.25Z"))
        #expect(fraction.nanoseconds == 250_000_000)
        #expect(fraction.description == "2030-01-01T00:00:00.25Z")
        #expect(utc.description == "2030-01-01T00:00:00Z")
        #expect(Timestamp.parseRFC3339("2024-02-29T12:00:00Z")?.description == "2024-02-29T12:00:00Z")
        #expect(Timestamp.parseRFC3339("1969-12-31T23:59:59Z")?.seconds == -1)
    }

    @Test(arguments: [
        "2030-01-01", "2030-01-01 00:00:00Z", "2030-01-01T00:00:00", "2030-13-01T00:00:00Z", "2023-02-29T00:00:00Z",
        "2030-01-01T24:00:00Z", "2030-01-01T00:00:60Z", "2030-1-1T00:00:00Z", "2030-01-01T00:00:00+0200", "tomorrow",
        "2030-01-01T00:00:00.Z",
    ])
    func rejectsNonRFC3339(_ text: String) {
        #expect(Timestamp.parseRFC3339(text) == nil)
    }

    @Test func arithmetic() throws {
        let start = try #require(Timestamp.parseRFC3339("2030-01-01T00:00:00Z"))
        #expect(start.adding(.minutes(6)).description == "2030-01-01T00:06:00Z")
        #expect(start.adding(GoDuration(nanoseconds: -1)).description == "2029-12-31T23:59:59.999999999Z")
        #expect(start.adding(.minutes(6)).since(start) == .minutes(6))
    }
}
