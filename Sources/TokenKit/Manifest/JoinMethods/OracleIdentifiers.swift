/// Oracle Cloud identifiers as the Auth Service parses them when an oracle
/// token is written (teleport-join-methods.md §17, package `oraclejoin`).
enum OracleOCID {
    /// The realms Teleport's parser accepts.
    static let realms: Set<String> = [
        "oc1", "oc2", "oc3", "oc4", "oc8", "oc9", "oc10", "oc14", "oc15", "oc19", "oc20", "oc21", "oc23", "oc24", "oc26", "oc29", "oc35",
    ]

    /// What is wrong with an OCID, as advice, or nil when Teleport accepts it.
    /// Shape: `ocid1.<type>.<realm>.<region or empty>[.<future>].<unique>`.
    static func problem(_ ocid: String) -> String? {
        let parts = ocid.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 5 || parts.count == 6 else {
            return "an OCID has 5 or 6 dot-separated parts, like ocid1.tenancy.oc1..aaaa…; copy it from the OCI console"
        }
        guard parts[0] == "ocid1" else { return "an OCID starts with \"ocid1.\"; copy it from the OCI console" }
        let (type, realm, region) = (parts[1], parts[2], parts[3])
        guard realms.contains(realm) else {
            return "\(quoted(realm)) is not a realm Teleport knows (oc1 is the commercial realm); copy the OCID from the OCI console"
        }
        switch type {
        case "tenancy", "compartment":
            return region.isEmpty ? nil : "a \(type) OCID has no region (two dots after the realm: ocid1.\(type).\(realm)..…)"
        case "instance":
            guard let known = OracleRegions.region(named: region) else {
                return "\(quoted(region)) is not an OCI region an instance OCID can name"
            }
            return known.realm == realm ? nil : "region \(known.name) belongs to realm \(known.realm), not \(realm)"
        default:
            return "Teleport accepts tenancy, compartment and instance OCIDs, not \(quoted(type))"
        }
    }
}

/// OCI regions with their keys and realms, as the OCI Go SDK (v65, 2025)
/// resolves a region string (full name or key, any case). A region newer
/// than this table is refused here although a newer Teleport may know it.
enum OracleRegions {
    struct Region {
        var name: String
        var key: String
        var realm: String
    }

    static func region(named text: String) -> Region? {
        let lowered = text.lowercased()
        return byName[lowered] ?? byKey[lowered]
    }

    private static let byName = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
    private static let byKey = Dictionary(uniqueKeysWithValues: all.map { ($0.key, $0) })

    private static let table: [(realm: String, regions: [(String, String)])] = [
        (
            "oc1",
            [
                ("ap-chuncheon-1", "yny"), ("ap-hyderabad-1", "hyd"), ("ap-melbourne-1", "mel"), ("ap-mumbai-1", "bom"),
                ("ap-osaka-1", "kix"), ("ap-seoul-1", "icn"), ("ap-sydney-1", "syd"), ("ap-tokyo-1", "nrt"),
                ("ca-montreal-1", "yul"), ("ca-toronto-1", "yyz"), ("eu-amsterdam-1", "ams"), ("eu-frankfurt-1", "fra"),
                ("eu-zurich-1", "zrh"), ("me-jeddah-1", "jed"), ("me-dubai-1", "dxb"), ("sa-saopaulo-1", "gru"),
                ("uk-cardiff-1", "cwl"), ("uk-london-1", "lhr"), ("us-ashburn-1", "iad"), ("us-phoenix-1", "phx"),
                ("us-sanjose-1", "sjc"), ("sa-vinhedo-1", "vcp"), ("sa-santiago-1", "scl"), ("il-jerusalem-1", "mtz"),
                ("eu-marseille-1", "mrs"), ("ap-singapore-1", "sin"), ("me-abudhabi-1", "auh"), ("eu-milan-1", "lin"),
                ("eu-stockholm-1", "arn"), ("af-johannesburg-1", "jnb"), ("eu-paris-1", "cdg"), ("mx-queretaro-1", "qro"),
                ("eu-madrid-1", "mad"), ("us-chicago-1", "ord"), ("mx-monterrey-1", "mty"), ("us-saltlake-2", "aga"),
                ("sa-bogota-1", "bog"), ("sa-valparaiso-1", "vap"), ("ap-singapore-2", "xsp"), ("me-riyadh-1", "ruh"),
                ("ap-delhi-1", "onm"), ("ap-batam-1", "hsg"),
            ]
        ),
        ("oc2", [("us-langley-1", "lfi"), ("us-luke-1", "luf")]),
        ("oc3", [("us-gov-ashburn-1", "ric"), ("us-gov-chicago-1", "pia"), ("us-gov-phoenix-1", "tus")]),
        ("oc4", [("uk-gov-london-1", "ltn"), ("uk-gov-cardiff-1", "brs")]),
        ("oc8", [("ap-chiyoda-1", "nja"), ("ap-ibaraki-1", "ukb")]),
        ("oc9", [("me-dcc-muscat-1", "mct"), ("me-ibri-1", "ibr")]),
        ("oc10", [("ap-dcc-canberra-1", "wga")]),
        (
            "oc14",
            [
                ("eu-dcc-milan-1", "bgy"), ("eu-dcc-milan-2", "mxp"), ("eu-dcc-dublin-2", "snn"), ("eu-dcc-rating-2", "dtm"),
                ("eu-dcc-rating-1", "dus"), ("eu-dcc-dublin-1", "ork"),
            ]
        ),
        ("oc15", [("ap-dcc-gazipur-1", "dac")]),
        ("oc19", [("eu-madrid-2", "vll"), ("eu-frankfurt-2", "str")]),
        ("oc20", [("eu-jovanovac-1", "beg")]),
        ("oc21", [("me-dcc-doha-1", "doh")]),
        ("oc23", [("us-somerset-1", "ebb"), ("us-thames-1", "ebl")]),
        ("oc24", [("eu-dcc-zurich-1", "avz"), ("eu-crissier-1", "avf")]),
        ("oc26", [("me-abudhabi-3", "ahu"), ("me-alain-1", "rba")]),
        ("oc29", [("me-abudhabi-2", "rkt"), ("me-abudhabi-4", "shj")]),
        ("oc35", [("ap-seoul-2", "dtz"), ("ap-suwon-1", "dln"), ("ap-chuncheon-2", "bno")]),
        ("oc42", [("us-ashburn-2", "yxj"), ("us-newark-1", "pgc")]),
        ("oc51", [("eu-budapest-1", "jsk")]),
    ]

    static let all: [Region] = table.flatMap { realm, regions in regions.map { Region(name: $0.0, key: $0.1, realm: realm) } }
}
