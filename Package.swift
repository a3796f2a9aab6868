// swift-tools-version:6.1
import PackageDescription

// Built and tested on Linux (Debian) only: the code calls Glibc, loads libcurl and libpq with dlopen,
// and the fuzz build uses libFuzzer's Linux runtime; no other platform is declared.
let package = Package(
    name: "tokenctl",
    products: [
        .executable(name: "tokenctl", targets: ["tokenctl"]),
        .library(name: "TokenKit", targets: ["TokenKit"]),
        .library(name: "TokenStore", targets: ["TokenStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-asn1", exact: "1.7.4"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "4.5.2"),
    ],
    targets: [
        // The system libyaml (Debian libyaml-dev); never a vendored copy.
        .systemLibrary(
            name: "CYaml",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        // HTTP through the system libcurl, loaded with dlopen only when a command goes to AWS:
        // linking FoundationNetworking would double every command's start-up (SPEC §6).
        .target(name: "CCurlShim"),
        // The domain: manifests, validation, lint, evaluation, identity documents, AWS; no database.
        .target(
            name: "TokenKit",
            dependencies: [
                "CYaml",
                "CCurlShim",
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            plugins: ["RuleRegistryPlugin"]
        ),
        // The lint rule registry, generated at build time from the files in TokenKit's Lint/Rules:
        // a warning rule is its own file and nothing else.
        .executableTarget(name: "rule-registry"),
        .plugin(
            name: "RuleRegistryPlugin", capability: .buildTool(), dependencies: ["rule-registry"],
            path: "Sources/RuleRegistryPlugin"
        ),
        // The token store's engines (SQLite through GRDB, PostgreSQL through libpq loaded with
        // dlopen): a module of its own, so what needs no database (the fuzz targets) builds without GRDB.
        .target(
            name: "TokenStore",
            dependencies: [
                "TokenKit",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .executableTarget(
            name: "tokenctl",
            dependencies: [
                "TokenKit",
                "TokenStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // `make bench`'s in-process figures; not a product.
        .executableTarget(
            name: "tokenctl-bench",
            dependencies: ["TokenKit", "TokenStore", "CYaml"]
        ),
        // `make fuzz`'s libFuzzer targets; in an ordinary build it replays a corpus.
        .executableTarget(
            name: "tokenctl-fuzz",
            dependencies: ["TokenKit", "CFuzzerDriver"]
        ),
        .target(name: "CFuzzerDriver"),
        .testTarget(
            name: "TokenKitTests",
            // GRDB to make other applications' databases for the ownership tests; the command line
            // target to run commands in process (golden files, rule coverage).
            dependencies: ["TokenKit", "TokenStore", "tokenctl", .product(name: "GRDB", package: "GRDB.swift")]
        ),
    ]
)
