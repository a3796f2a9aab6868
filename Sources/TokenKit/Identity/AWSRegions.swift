/// The regions tokenctl can verify identity documents for: exactly those
/// AWS publishes an rsa2048 signing certificate for.
public enum AWSRegions {
    public static let withCertificates: [String] = AWSCertificateData.rsa2048.keys.sorted()
    private static let known = Set(withCertificates)

    public static func isKnown(_ region: String) -> Bool { known.contains(region) }

    /// The real region nearest to a misspelt one (`us-wset-2` → `us-west-2`).
    public static func suggestion(for region: String) -> String? {
        let lowered = region.lowercased()
        let scored = withCertificates.map { (name: $0, distance: editDistance(lowered, $0)) }
        guard let best = scored.min(by: { $0.distance < $1.distance }), best.distance <= 4 else { return nil }
        return best.name
    }
}
