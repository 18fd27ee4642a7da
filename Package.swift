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
        .package(url: "https://github.com/apple/swift-metrics", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
        .package(url: "https://github.com/vapor/multipart-kit", exact: "4.7.1"),
        .package(url: "https://github.com/vapor/jwt-kit", exact: "5.8.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", exact: "2.5.0"),
        .package(url: "https://github.com/swift-server/async-http-client", exact: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto", "4.1.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.2"),
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
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // Client transports (stdio, Streamable HTTP both eras, HTTP+SSE), the server registry, OAuth.
        .target(
            name: "MCPClient",
            dependencies: [
                "MCP",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // Documents, search and the change log on SQLite. Knows nothing of MCP.
        .target(
            name: "QuireStore",
            dependencies: [.product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        // The ContextFrame tool suite over the store.
        .target(
            name: "QuireServer",
            dependencies: [
                "MCP", "MCPServer", "QuireStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "quire",
            dependencies: [
                "QuireServer", "MCPServer", "QuireStore", "MCPClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The benchmark behind `make bench` (release build); not part of the test command.
        .executableTarget(name: "quire-bench", dependencies: ["QuireStore"], swiftSettings: strict),
        // The HTTP benchmark's framework ceiling (bench/http): a bare Hummingbird JSON-RPC route.
        .executableTarget(
            name: "quire-http-floor",
            dependencies: ["MCP", .product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: strict
        ),
        .testTarget(name: "MCPTests", dependencies: ["MCP"], swiftSettings: strict),
        .testTarget(
            name: "MCPServerTests",
            dependencies: [
                "MCPServer", "MCP", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "JWTKit", package: "jwt-kit"), .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "MCPClientTests", dependencies: ["MCPClient", "MCP"], swiftSettings: strict),
        .testTarget(name: "QuireStoreTests", dependencies: ["QuireStore"], swiftSettings: strict),
        .testTarget(
            name: "QuireServerTests",
            dependencies: ["QuireServer", "QuireStore", "MCPServer", "MCP", .product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: strict
        ),
    ]
)
