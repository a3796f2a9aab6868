import TokenKit

/// What `make fuzz` feeds with arbitrary bytes. Each target must never
/// crash, hang or leak, whatever the input; the manifest target also checks
/// that every token it accepts reads back unchanged from its canonical YAML.
enum FuzzTarget: String, CaseIterable {
    /// libyaml events into the positioned document tree, every node visited.
    case yaml
    /// Decoding, validation, every lint rule and every output format.
    case manifest
    /// The identity document's JSON.
    case iid
    /// `--iid` input detection, the CMS/BER reader and signature verification.
    case cms
    /// A node's teleport.yaml: the strict reader, its rules, the join it derives and check's output.
    case config

    func run(_ bytes: [UInt8]) {
        switch self {
        case .yaml: YAMLTreeFuzzing.run(bytes)
        case .manifest: ManifestFuzzing.run(bytes)
        case .iid: _ = try? IdentityDocument.parse(bytes)
        case .cms: _ = try? IdentityEvidence.read(bytes)
        case .config: ConfigFuzzing.run(bytes)
        }
    }
}
