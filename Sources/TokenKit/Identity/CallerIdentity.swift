/// The evidence of an IAM join (SPEC §4.2): the identity the joining host's
/// AWS credentials resolve to, as `aws sts get-caller-identity` prints it.
public struct CallerIdentity: Sendable, Equatable {
    /// `arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION`, `arn:PARTITION:iam::ACCOUNT:user/NAME`, …
    public var arn: String
    public var account: String
    public var partition: String
    public var userID: String?

    /// A caller ARN: the account is read from the ARN.
    public init(arn: String) throws(IdentityInputError) {
        let fields = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 6, fields[0] == "arn" else {
            throw IdentityInputError(
                "\(quoted(arn)) is not an ARN: expected arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION (the Arn that aws sts get-caller-identity prints on the joining host)")
        }
        let (partition, service, region, account, resource) = (fields[1], fields[2], fields[3], fields[4], fields[5])
        guard ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"].contains(partition) else {
            throw IdentityInputError("\(quoted(arn)): \(quoted(partition)) is not an AWS partition (aws, aws-cn, aws-us-gov, …)")
        }
        guard service == "sts" || service == "iam" else {
            throw IdentityInputError("\(quoted(arn)) is a \(quoted(service)) ARN; a caller identity is an sts (assumed-role) or iam (user, role) ARN")
        }
        guard region.isEmpty else {
            throw IdentityInputError("\(quoted(arn)): a caller identity ARN has no region (arn:\(partition):\(service)::ACCOUNT:…)")
        }
        guard account.utf8.count == 12, account.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            throw IdentityInputError("\(quoted(arn)): the account \(quoted(account)) is not a 12-digit AWS account ID")
        }
        guard !resource.isEmpty, !resource.unicodeScalars.contains(where: isControl) else {
            throw IdentityInputError("\(quoted(arn)): the resource part (after the account) is empty or holds a control character")
        }
        self.arn = arn
        self.account = account
        self.partition = partition
        userID = nil
    }

    /// A caller identity document: the JSON `aws sts get-caller-identity` prints (`UserId`, `Account`, `Arn`).
    public static func parse(_ bytes: [UInt8], limits: InputLimits = .standard) throws(IdentityInputError) -> CallerIdentity {
        let object = try JSONObjectInput(
            bytes, what: "caller identity", expected: "as aws sts get-caller-identity prints it: {\"UserId\", \"Account\", \"Arn\"}",
            sizeHint: "is this the output of aws sts get-caller-identity?", limits: limits)
        var identity = try CallerIdentity(arn: try object.string("Arn", hint: "is it the output of aws sts get-caller-identity?"))
        if let account = try object.optionalString("Account"), account != identity.account {
            throw IdentityInputError("the caller identity's \"Account\" (\(account)) is not the account in its \"Arn\" (\(identity.account))")
        }
        identity.userID = try object.optionalString("UserId")
        return identity
    }
}

/// Teleport's glob for `aws_arn` (`joinutils.GlobMatch`): the pattern is
/// quoted as a regular expression with `*` made `.*` and `?` made `.`,
/// anchored at both ends. So `*` is any run of characters, also none, `?`
/// exactly one, and neither matches a newline (Go's `.`); characters are
/// Unicode scalars, and each byte of invalid UTF-8 counts as one.
public enum ARNGlob {
    public static func matches(_ pattern: String, _ text: String) -> Bool {
        let pattern = Array(pattern.unicodeScalars)
        let text = Array(text.unicodeScalars)
        // Classic two-pointer matching with backtracking to the last star: linear in practice.
        var (p, t) = (0, 0)
        var star: (pattern: Int, text: Int)?
        while t < text.count {
            if p < pattern.count, pattern[p] == "*" {
                star = (p, t)
                p += 1
            } else if p < pattern.count, pattern[p] == "?" ? text[t] != "\n" : pattern[p] == text[t] {
                p += 1
                t += 1
            } else if let last = star, text[last.text] != "\n" {
                // The star takes one more character (never a newline) and matching resumes after it.
                star = (last.pattern, last.text + 1)
                p = last.pattern + 1
                t = last.text + 1
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
