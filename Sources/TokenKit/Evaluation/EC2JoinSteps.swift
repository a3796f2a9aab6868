/// The EC2 method's own steps after the common ones (SPEC §4): signature,
/// host ID, TTL, allow rules, and the DescribeInstances call described.
extension JoinEvaluator.Context {
    /// Records the steps; returns the number of the allow rule that matched.
    func recordEC2Steps(
        ttl: GoDuration, allow: [AllowRule], tokenName: String, identity evidence: IdentityEvidence, recorder: inout StepRecorder
    ) -> Int? {
        let memo = recorder.memo
        let document = evidence.document
        var matchedRule: (number: Int, rule: AllowRule)?
        recorder.record(.signature) { detailed in
            switch evidence.signature.status {
            case .verified: return (.pass, detailed ? memo.constant(evidence.signature.detail) : "")
            case .invalid: return (.fail, memo.constant(evidence.signature.detail))
            case .unsigned:
                return request.requireSignature
                    ? (.fail, "the document is not signed and a signature is required; fetch the rsa2048 document")
                    : (.skip, detailed ? memo.constant(evidence.signature.detail) : "")
            }
        }
        recorder.record(.hostID) { detailed in
            guard let hostID = request.hostID else { return (.skip, detailed ? memo.constant("not requested") : "") }
            return hostID == document.hostID
                ? (.pass, detailed ? "\(hostID) matches" : "")
                : (.fail, "requested host ID does not match the Instance Identity Document (it gives \(document.hostID))")
        }
        recorder.record(.ttl) { detailed in
            let since = since
            if since < GoDuration(nanoseconds: -JoinEvaluator.futureTolerance.nanoseconds) {
                return (.fail, "Instance Identity Document PendingTime appears to be in the future")
            }
            if since > ttl {
                return (
                    .fail,
                    "Instance Identity Document with PendingTime \(document.pendingTime) is older than configured TTL of \(ttl) (\(since) had passed)"
                )
            }
            return (.pass, detailed ? memo.words(.ttl(ttl.nanoseconds)) { "\(since) since launch, within the TTL of \(ttl)" } : "")
        }
        recorder.record(.allowRules, reason: allowRulesReason) { detailed in
            for index in allow.indices {
                // Read in place; only the matching rule is copied.
                if !allow[index].awsAccount.isEmpty && allow[index].awsAccount != document.accountID { continue }
                if !allow[index].awsRegions.isEmpty && !allow[index].awsRegions.contains(document.region) { continue }
                let rule = allow[index]
                matchedRule = (index + 1, rule)
                guard detailed else { return (.pass, "") }
                let key = StepWordsMemo.Key.rule(number: index + 1, anyAccount: rule.awsAccount.isEmpty, anyRegion: rule.awsRegions.isEmpty)
                return (.pass, memo.words(key) {
                    let account = rule.awsAccount.isEmpty ? "any account" : "account \(rule.awsAccount)"
                    let regions = rule.awsRegions.isEmpty ? "any region" : "region \(document.region)"
                    return "rule \(index + 1) matches (\(account), \(regions))"
                })
            }
            return (.fail, detailed ? "instance \(document.instanceID) did not match any allow rules in token \(tokenName)" : "")
        }
        recorder.record(.describeInstances) { detailed in
            guard detailed else { return (.skip, "") }
            let role = matchedRule?.rule.awsRole ?? ""
            return (.skip, memo.words(.describe(role: role)) {
                let credentials = role.isEmpty ? "with the Auth Service's own AWS credentials" : "assuming \(role)"
                return "not checked offline: Teleport next calls ec2:DescribeInstances for \(document.instanceID) in \(document.region) \(credentials) and requires it to be running"
            })
        }
        return matchedRule?.number
    }
}
