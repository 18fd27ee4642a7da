// swift-tools-version:6.0
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Quire",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "quire", targets: ["quire"]),
        .library(name: "MCP", targets: ["MCP"]),
        .library(name: "MCPServer", targets: ["MCPServer"]),
        .library(name: "MCPClient", targets: ["MCPClient"]),
        .library(name: "QuireStore", targets: ["QuireStore"]),
        .library(name: "QuireServer", targets: ["QuireServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.3.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
    ],
    targets: [
        // Protocol core: JSON, JSON-RPC, MCP types, SSE codec. No I/O.
        .target(name: "MCP", swiftSettings: strict),
        // Transport-independent dispatcher and the transports.
        .target(
            name: "MCPServer",
            dependencies: [
                "MCP",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(name: "MCPClient", dependencies: ["MCP"], swiftSettings: strict),
        // Documents, search and the change log on SQLite. Knows nothing of MCP.
        .target(
            name: "QuireStore",
            dependencies: [.product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        // The ContextFrame tool suite over the store.
        .target(
            name: "QuireServer",
            dependencies: ["MCP", "MCPServer", "QuireStore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "quire",
            dependencies: [
                "QuireServer", "MCPServer", "QuireStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The HTTP benchmark's framework ceiling (bench/http): a bare Hummingbird JSON-RPC route.
        .executableTarget(
            name: "quire-http-floor",
            dependencies: ["MCP", .product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: strict
        ),
        .testTarget(name: "MCPTests", dependencies: ["MCP"], swiftSettings: strict),
        .testTarget(name: "MCPServerTests", dependencies: ["MCPServer", "MCP"], swiftSettings: strict),
        .testTarget(name: "QuireStoreTests", dependencies: ["QuireStore"], swiftSettings: strict),
        .testTarget(
            name: "QuireServerTests",
            dependencies: ["QuireServer", "QuireStore", "MCPServer", "MCP"],
            swiftSettings: strict
        ),
    ]
)
