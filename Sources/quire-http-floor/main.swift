import Foundation
import Hummingbird
import MCP

// The benchmark's framework ceiling: one Hummingbird POST route that does only what every MCP
// request must cost — read the body, parse it as JSON-RPC with our codec, serialize a fixed
// result carrying the request's id — and nothing else (no sessions, no dispatcher, no store).
// `quire serve` over HTTP is measured against it. Usage: quire-http-floor [PORT] (0 = any free).

/// A `tools/call` result shaped like Quire's `get_document` answer for a small document, so both
/// servers serialize about the same number of bytes.
let document: JSONValue = [
    "uuid": "6f1c2a9e-0000-4000-8000-000000000001",
    "content": "Benchmark document 1. A small document for the HTTP benchmark.",
    "metadata": [
        "title": "Benchmark document 1",
        "record_type": "document",
        "created_at": "2026-01-01T00:00:00Z",
        "updated_at": "2026-01-01T00:00:00Z",
        "tags": ["bench", "http"],
        "custom_metadata": ["n": 1],
    ],
]
let fixedResult: JSONValue = [
    "content": [["type": "text", "text": .string(JSONValue.object(["document": document]).jsonString)]],
    "structuredContent": ["document": document],
    "isError": false,
]

let port = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 0
let router = Router()
router.post("/mcp") { request, _ -> Response in
    var request = request
    let body = try await request.collectBody(upTo: 4 << 20)
    let reply: JSONRPCMessage
    switch JSONRPCCodec.decode(body.readableBytesView) {
    case .single(.request(let call)):
        reply = .response(JSONRPCResponse(id: call.id, result: fixedResult))
    case .invalid(let failure):
        reply = .errorResponse(failure)
    default:
        return Response(status: .accepted)
    }
    return Response(
        status: .ok, headers: [.contentType: "application/json"],
        body: ResponseBody(byteBuffer: ByteBuffer(bytes: reply.serialized))
    )
}
let app = Application(
    router: router,
    configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "quire-http-floor"),
    onServerRunning: { channel in
        let bound = channel.localAddress?.port ?? port
        FileHandle.standardError.write(Data("quire-http-floor: serving on http://127.0.0.1:\(bound)/mcp\n".utf8))
    }
)
try await app.runService()
