import Dispatch
import Foundation

/// `preflight` (SPEC §4.4): with the Auth Service's credentials, every ec2
/// rule's AWS side — `sts:AssumeRole` into its `aws_role`, and
/// `ec2:DescribeInstances` with `DryRun=true` in each region it allows (the
/// caller's region when it allows any) — and rules without `aws_role` whose
/// account is not the caller's, which Teleport would look up in the wrong
/// account. Distinct roles and (role, region) pairs are checked once, concurrently.
public struct Preflight: Sendable {
    public struct Row: Sendable, Equatable {
        public var token: String
        public var rule: Int
        public var account: String
        public var region: String
        public var role: String
        public var passed: Bool
        public var result: String
    }

    public var client: AWSClient
    /// The caller's region: STS calls, and the region checked for rules that allow any.
    public var region: String
    public var concurrency: Int

    public init(client: AWSClient, region: String, concurrency: Int = 16) {
        self.client = client
        self.region = region
        self.concurrency = max(1, concurrency)
    }

    /// The rows of every ec2 rule; `callerAccount`: the credentials' own account (GetCallerIdentity).
    public func run(_ tokens: [ProvisionToken], callerAccount: String) -> [Row] {
        struct Planned {
            var token: String, rule: Int, account: String, region: String, role: String
        }
        var planned: [Planned] = []
        for token in tokens where token.joinMethod == .ec2 {
            for (index, rule) in token.allow.enumerated() {
                for ruleRegion in rule.awsRegions.isEmpty ? [region] : rule.awsRegions {
                    planned.append(Planned(token: token.name, rule: index + 1, account: rule.awsAccount, region: ruleRegion, role: rule.awsRole))
                }
            }
        }
        // Phase 1: each distinct role assumed once; phase 2: each distinct (role, region) dry run once.
        let roles = Array(Set(planned.map(\.role).filter { !$0.isEmpty })).sorted()
        let assumed = concurrently(roles) { role -> Result<AWSCredentials, AWSError> in
            do throws(AWSError) { return .success(try client.assumeRole(role, region: region)) } catch { return .failure(error) }
        }
        let pairs = Array(Set(planned.map { PairKey(role: $0.role, region: $0.region) })).sorted { ($0.role, $0.region) < ($1.role, $1.region) }
        let described = concurrently(pairs) { pair -> (Bool, String) in
            var caller = client
            if !pair.role.isEmpty {
                switch assumed[pair.role] {
                case .success(let credentials): caller.credentials = credentials
                case .failure(let error): return (false, "AssumeRole \(pair.role): \(error)")
                case nil: return (false, "AssumeRole \(pair.role) was not attempted")
                }
            }
            do throws(AWSError) {
                try caller.describeInstancesDryRun(region: pair.region)
                return (true, pair.role.isEmpty ? "DescribeInstances allowed" : "AssumeRole and DescribeInstances allowed")
            } catch {
                let hint = ["UnauthorizedOperation", "AccessDenied"].contains(error.code ?? "") ? " (needs ec2:DescribeInstances: tokenctl policy)" : ""
                return (false, "DescribeInstances in \(pair.region)\(pair.role.isEmpty ? "" : " as \(pair.role)"): \(error)\(hint)")
            }
        }
        return planned.map { plan in
            var row = Row(token: plan.token, rule: plan.rule, account: plan.account, region: plan.region, role: plan.role, passed: false, result: "")
            if plan.role.isEmpty, !plan.account.isEmpty, plan.account != callerAccount {
                row.result =
                    "no aws_role: Teleport would call DescribeInstances in the Auth Service's account \(callerAccount), not \(plan.account); set aws_role to a role in \(plan.account)"
                return row
            }
            let (passed, result) = described[PairKey(role: plan.role, region: plan.region)] ?? (false, "not checked")
            row.passed = passed
            row.result = result
            return row
        }
    }

    struct PairKey: Hashable, Sendable {
        var role: String
        var region: String
    }

    /// `work` over every item, at most `concurrency` at a time; results by item.
    private func concurrently<Item: Hashable & Sendable, Outcome: Sendable>(
        _ items: [Item], _ work: @escaping @Sendable (Item) -> Outcome
    ) -> [Item: Outcome] {
        let results = LockedResults<Item, Outcome>()
        let group = DispatchGroup()
        let slots = DispatchSemaphore(value: concurrency)
        for item in items {
            slots.wait()
            group.enter()
            Thread.detachNewThread {
                results.set(item, work(item))
                slots.signal()
                group.leave()
            }
        }
        group.wait()
        return results.values
    }
}

private final class LockedResults<Key: Hashable, Value>: @unchecked Sendable {
    private var storage: [Key: Value] = [:]
    private let lock = NSLock()

    func set(_ key: Key, _ value: Value) {
        lock.lock()
        storage[key] = value
        lock.unlock()
    }

    var values: [Key: Value] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}

extension AWSClient {
    /// `ec2:DescribeInstances` with `DryRun=true`: AWS answers `DryRunOperation` when allowed.
    public func describeInstancesDryRun(region: String) throws(AWSError) {
        do {
            _ = try call(service: "ec2", region: region, parameters: [("Action", "DescribeInstances"), ("Version", "2016-11-15"), ("DryRun", "true")])
        } catch where error.code == "DryRunOperation" {
            return
        }
    }
}
