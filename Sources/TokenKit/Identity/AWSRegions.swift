/// The regions tokenctl can verify identity documents for: exactly those
/// AWS publishes an rsa2048 signing certificate for.
public enum AWSRegions {
    public static let withCertificates: [String] = AWSCertificateData.rsa2048.keys.sorted()
    private static let known = Set(withCertificates)

    public static func isKnown(_ region: String) -> Bool { known.contains(region) }

    /// The real region nearest to a misspelt one (`us-wset-2` → `us-west-2`).
    public static func suggestion(for region: String) -> String? {
        var best: (name: String, distance: Int)?
        for name in withCertificates {
            let distance = editDistance(region.lowercased(), name)
            if best == nil || distance < best!.distance { best = (name, distance) }
        }
        guard let best, best.distance <= 4 else { return nil }
        return best.name
    }
}
