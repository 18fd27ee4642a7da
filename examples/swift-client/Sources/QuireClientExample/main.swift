// Calls tools on a Quire server with Quire's own client library, MCPClient.
//
//   swift run QuireClientExample [URL]          # default http://127.0.0.1:8080/mcp
//
// QUIRE_TOKEN (a JWT) or QUIRE_API_KEY authenticate when the server runs with --auth.
// MCPSession negotiates the protocol era (2026-07-28 first, then initialize, then legacy SSE),
// as `quire mcp call` does; this program skips the registry and builds the entry itself.
import Foundation
import MCP
import MCPClient

let arguments = CommandLine.arguments
let url = arguments.count > 1 ? arguments[1] : "http://127.0.0.1:8080/mcp"
let environment = ProcessInfo.processInfo.environment

var auth: AuthConfig?
if let token = environment["QUIRE_TOKEN"], !token.isEmpty {
    auth = .bearer(token: token)
} else if let key = environment["QUIRE_API_KEY"], !key.isEmpty {
    auth = .apiKey(key: key, header: "X-API-Key")
}
let entry = ServerEntry.http(url: url, auth: auth)

// The client caches each origin's protocol era under its home folder; a scratch one will do here.
let home = QuireHome(path: FileManager.default.temporaryDirectory.appendingPathComponent("quire-client-example-\(getpid())").path)

let http = ClientService.makeHTTPClient()
var status: Int32 = 0
do {
    let session = try await MCPSession.open(name: "example", entry: entry, options: ConnectOptions(home: home), http: http)
    print("connected: \(session.handshake.protocolVersion.rawValue) (\(session.handshake.era.rawValue))")

    let added = try await session.callTool(
        "add_document",
        arguments: ["content": "Written by the Swift client example.", "metadata": ["title": "Swift client", "tags": ["swift"]]],
        reissue: false
    )
    if added["isError"]?.boolValue == true {
        print("add_document failed: \(added["structuredContent"]?.jsonString ?? "?")")
        status = 1
    } else {
        print("added \(added["structuredContent"]?["document"]?["uuid"]?.stringValue ?? "?")")
    }

    let found = try await session.callTool("search_documents", arguments: ["query": "swift", "search_type": "text"], reissue: true)
    let titles = found["structuredContent"]?["documents"]?.arrayValue?.compactMap { $0["metadata"]?["title"]?.stringValue } ?? []
    print("search 'swift': \(titles)")
    await session.close()
} catch {
    // One line and the `quire mcp` exit codes: 1 tool/RPC, 2 usage, 3 connection, 4 auth.
    let failure = ClientService.clientError(error)
    FileHandle.standardError.write(Data("error: \(failure.message)\n".utf8))
    status = failure.exitCode
}
try? await http.shutdown()
try? FileManager.default.removeItem(atPath: home.path)
exit(status)
