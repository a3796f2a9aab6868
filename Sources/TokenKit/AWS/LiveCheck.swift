/// The live check (SPEC §4.4): after the offline steps, the AWS call the
/// Auth Service makes next, made with the local credentials (the Auth
/// Service's): `sts:AssumeRole` on the deciding rule's `aws_role` when it has
/// one, then `ec2:DescribeInstances` for the document's instance in its
/// region, which must be running.
public struct LiveCheck: Sendable {
    public var client: AWSClient
    /// Where STS is called (the credentials' region).
    public var stsRegion: String

    /// How the operator gives the Auth Service's account and the timeout, for hints.
    public var inputNames: InputNames

    public init(client: AWSClient, stsRegion: String, inputNames: InputNames = .plain) {
        self.inputNames = inputNames
        self.client = client
        self.stsRegion = stsRegion
    }

    /// The report with the deciding token's `describe_instances` step
    /// performed; when that fails, the next token that allows offline is
    /// checked, up to `limit` tokens. `role` gives a token's matched rule's
    /// `aws_role` ("" for the Auth Service's own credentials).
    public func describeInstances(in report: CheckReport, limit: Int = 5, role: (TokenEvaluation) -> String) -> CheckReport {
        var updated = report
        guard let evidence = report.evidence else { return report }
        let document = evidence.document
        for _ in 0..<limit {
            guard let decisive = updated.decisiveIndex, updated.tokens[decisive].allowed,
                let index = updated.tokens[decisive].steps.firstIndex(where: { $0.name == .describeInstances }),
                updated.tokens[decisive].steps[index].status == .skip
            else { break }
            let (status, detail) = outcome(
                instance: document.instanceID, region: document.region, account: document.accountID, role: role(updated.tokens[decisive]))
            let step = EvaluationStep(name: .describeInstances, status: status, detail: detail)
            updated.tokens[decisive].steps[index] = step
            guard status == .fail else { break }
            updated.tokens[decisive].failure = step
        }
        return updated
    }

    /// iam: the report with the deciding token's `organization` step checked
    /// through `organizations:DescribeAccount`; when the account is not in that
    /// organization, the next token that allows is considered, up to `limit`.
    public func organization(in report: CheckReport, limit: Int = 5) -> CheckReport {
        var updated = report
        guard let caller = report.caller else { return report }
        for _ in 0..<limit {
            guard let decisive = updated.decisiveIndex, updated.tokens[decisive].allowed,
                let required = updated.tokens[decisive].organization,
                let index = updated.tokens[decisive].steps.firstIndex(where: { $0.name == .organization })
            else { break }
            let step: EvaluationStep
            do {
                let actual = try client.organization(ofAccount: caller.account, partitionRegion: stsRegion)
                step =
                    actual == required
                    ? EvaluationStep(name: .organization, status: .pass, detail: "account \(caller.account) belongs to organization \(required)")
                    : EvaluationStep(
                        name: .organization, status: .fail,
                        detail: "account \(caller.account) belongs to organization \(actual), not \(required)")
            } catch {
                let hint = ["AccessDeniedException", "AWSOrganizationsNotInUseException"].contains(error.code ?? "")
                    ? "; the call needs credentials of the organization's management (or a delegated administrator) account" : ""
                step = EvaluationStep(
                    name: .organization, status: .fail,
                    detail: "failed to look up the organization of account \(caller.account): \(error)\(hint)")
            }
            if step.status == .pass, let units = updated.tokens[decisive].organizationalUnits {
                // The organization holds; the OUs would take organizations:ListParents, which tokenctl does not call.
                updated.tokens[decisive].steps[index] = EvaluationStep(
                    name: .organization, status: .skip,
                    detail: "\(step.detail); not checked: \(OrganizationalUnitWords.requirement(units)) (Teleport checks the account's OUs next)")
                break
            }
            updated.tokens[decisive].steps[index] = step
            updated.tokens[decisive].organization = nil
            guard step.status == .fail else { break }
            updated.tokens[decisive].failure = step
        }
        return updated
    }

    private func outcome(instance: String, region: String, account: String, role: String) -> (EvaluationStep.Status, String) {
        var caller = client
        let via = role.isEmpty ? "with the local credentials" : "assuming \(role)"
        if !role.isEmpty {
            do {
                caller.credentials = try client.assumeRole(role, region: stsRegion)
            } catch {
                return (
                    .fail,
                    "failed to assume \(role): \(error); its trust policy must let the Auth Service's identity assume it (tokenctl policy \(inputNames.authAccount) prints one)"
                )
            }
        }
        let state: String
        do {
            state = try caller.instanceState(instance, region: region)
        } catch {
            let hint: String
            switch error.code {
            case "UnauthorizedOperation", "AccessDenied", "AccessDeniedException":
                hint = "the identity used (\(via)) needs ec2:DescribeInstances: tokenctl policy prints the policy"
            case "InvalidInstanceID.NotFound", "InvalidInstanceID.Malformed":
                hint = "no such instance in \(region) for the account called\(role.isEmpty ? " (the local credentials' account; set aws_role on the rule to call account \(account))" : "")"
            default:
                hint = error.kind == .service ? "see AWS's message" : "check the network, the endpoint and \(inputNames.timeout)"
            }
            return (.fail, "failed to get instance state: \(error) (DescribeInstances for \(instance) in \(region) \(via)); \(hint)")
        }
        guard state == "running" else {
            return (.fail, "instance is not running: \(instance) is \(state) (DescribeInstances in \(region) \(via))")
        }
        return (.pass, "\(instance) is running (DescribeInstances in \(region) \(via))")
    }
}
