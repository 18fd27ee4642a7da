// swift-tools-version:6.1
// A test peer only, never a dependency of Quire: the Swift SDK's own everything-server
// (`mcp-everything-server`, modelcontextprotocol/swift-sdk 0.12.1), built on its own so that
// `interop/test_client_swift_sdk.py` can point `quire mcp` at it. Build with
// `swift build --package-path interop/swift_sdk_peer --scratch-path .build-swiftsdk --product mcp-everything-server`.
import PackageDescription

let package = Package(
    name: "swift-sdk-peer",
    dependencies: [
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk.git", exact: "0.12.1"),
    ],
    targets: []
)
