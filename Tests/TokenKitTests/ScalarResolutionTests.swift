import Testing
@testable import TokenKit

/// SPEC §2.1: plain scalars resolve as Go's yaml.v2 resolves them.
@Suite struct ScalarResolutionTests {
    static let plain: [(String, ResolvedScalar)] = [
        ("111111111111", .int), ("012345678901", .float), ("0777", .int), ("08", .float), ("0x1F", .int),
        ("0o17", .int), ("0b101", .int), ("-0b101", .int), ("+12", .int), ("-12", .int), ("1_000", .int),
        ("99999999999999999999", .float), ("1.5", .float), (".5", .float), ("1e3", .float), ("1e400", .string),
        (".inf", .float), ("-.Inf", .float), (".NaN", .float), ("yes", .bool(true)), ("Yes", .bool(true)),
        ("ON", .bool(true)), ("y", .bool(true)), ("no", .bool(false)), ("off", .bool(false)), ("N", .bool(false)),
        ("true", .bool(true)), ("FALSE", .bool(false)), ("~", .null), ("null", .null), ("NULL", .null), ("", .null),
        ("yEs", .string), ("us-west-2", .string), ("2030-01-01", .string), ("2030-01-01T00:00:00Z", .string),
        ("5m", .string), ("1.2.3", .string), ("-", .string), (".", .string), ("<<", .mergeKey), ("ec2", .string),
        ("0x", .string), ("1e", .string),
    ]

    @Test(arguments: plain.indices)
    func plainScalarResolvesLikeYAMLv2(_ index: Int) {
        let (text, expected) = Self.plain[index]
        #expect(ResolvedScalar(YAMLScalar(value: text)) == expected, "\(text)")
    }

    @Test func quotedScalarsAreAlwaysStrings() {
        for style in [ScalarStyle.singleQuoted, .doubleQuoted, .literal, .folded] {
            #expect(ResolvedScalar(YAMLScalar(value: "111111111111", style: style)) == .string)
            #expect(ResolvedScalar(YAMLScalar(value: "yes", style: style)) == .string)
        }
    }

    @Test func explicitTagsWin() {
        #expect(ResolvedScalar(YAMLScalar(value: "111111111111", tag: "tag:yaml.org,2002:str")) == .string)
        #expect(ResolvedScalar(YAMLScalar(value: "5", style: .doubleQuoted, tag: "tag:yaml.org,2002:int")) == .int)
    }

    @Test func yamlNumbersBecomeJSONNumbers() {
        #expect(JSONValue(YAMLNode(scalar: YAMLScalar(value: "0x1F"), range: .point(.start))) == .number("31"))
        #expect(JSONValue(YAMLNode(scalar: YAMLScalar(value: "012345678901"), range: .point(.start))) == .number("12345678901"))
        #expect(JSONValue(YAMLNode(scalar: YAMLScalar(value: "0777"), range: .point(.start))) == .number("511"))
    }
}
