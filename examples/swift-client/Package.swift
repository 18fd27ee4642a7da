// swift-tools-version:6.0
// A program that uses Quire's client library (MCPClient) to call a tool on a running `quire serve`.
// It depends on the Quire repository by path: build it from this folder with `swift build`.
import Foundation
import PackageDescription

// SwiftPM names a path dependency after its folder, whatever the clone is called ("quire",
// "Quire", a worktree...), so the product reference below uses the folder's real name.
let quireFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../..").standardizedFileURL.lastPathComponent

let package = Package(
    name: "QuireClientExample",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "QuireClientExample",
            dependencies: [
                .product(name: "MCPClient", package: quireFolder),
                .product(name: "MCP", package: quireFolder),
            ]
        ),
    ]
)
