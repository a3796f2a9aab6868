// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "tokenctl",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tokenctl", targets: ["tokenctl"]),
        .library(name: "TokenKit", targets: ["TokenKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
    ],
    targets: [
        // The system libyaml (Debian libyaml-dev); never a vendored copy.
        .systemLibrary(
            name: "CYaml",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .target(
            name: "TokenKit",
            dependencies: [
                "CYaml",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .executableTarget(
            name: "tokenctl",
            dependencies: [
                "TokenKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "TokenKitTests",
            dependencies: ["TokenKit"]
        ),
    ]
)
