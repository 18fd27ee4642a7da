import MCP

/// Builds `/openapi.json`: an OpenAPI 3.1 description of the core endpoints (``CoreOpenAPI``)
/// merged with what each route provider describes.
enum OpenAPIDocument {
    static func build(title: String, version: String, providers: [any HTTPRouteProvider]) -> JSONValue {
        var paths = CoreOpenAPI.paths
        var schemas = CoreOpenAPI.schemas
        for provider in providers {
            // A provider adds methods to a path the core already has, or new paths.
            for (path, item) in provider.openAPIPaths {
                if case .object(let existing)? = paths[path], case .object(let added) = item {
                    paths[path] = .object(existing.merging(added) { _, new in new })
                } else {
                    paths[path] = item
                }
            }
            schemas.merge(provider.openAPISchemas) { _, new in new }
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": .string(title),
                "version": .string(version),
                "description": """
                    MCP over Streamable HTTP (both eras) at /mcp, the 2024-11-05 HTTP+SSE transport at /sse and \
                    /messages, REST-style routes under /mcp/v1, and operational endpoints.
                    """,
            ],
            "paths": .object(paths),
            "components": ["schemas": .object(schemas)],
        ]
    }
}

/// Small builders for OpenAPI fragments, so path descriptions read as data.
public enum OpenAPI {
    /// A JSON response with `schema`.
    public static func json(_ description: String, schema: JSONValue) -> JSONValue {
        ["description": .string(description), "content": ["application/json": ["schema": schema]]]
    }

    /// A `text/event-stream` response.
    public static func eventStream(_ description: String) -> JSONValue {
        ["description": .string(description), "content": ["text/event-stream": ["schema": ["type": "string"]]]]
    }

    /// A response without a body.
    public static func empty(_ description: String) -> JSONValue { ["description": .string(description)] }

    /// A reference to a component schema.
    public static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    /// A header or query parameter.
    public static func parameter(_ name: String, in location: String, _ description: String, required: Bool = false) -> JSONValue {
        ["name": .string(name), "in": .string(location), "required": .bool(required), "description": .string(description), "schema": ["type": "string"]]
    }

    /// The JSON-RPC error body the MCP endpoints answer failures with.
    public static func jsonRPCError(_ description: String) -> JSONValue { json(description, schema: ref("JSONRPCMessage")) }
}

/// The core endpoints: MCP transports, health, readiness, metrics and this document.
enum CoreOpenAPI {
    static let sessionHeader = OpenAPI.parameter("Mcp-Session-Id", in: "header", "The session, from the initialize response (2025-03-26 … 2025-11-25).")
    static let versionHeader = OpenAPI.parameter("MCP-Protocol-Version", in: "header", "The negotiated protocol revision.")
    static let lastEventHeader = OpenAPI.parameter("Last-Event-ID", in: "header", "Resume an event stream after this event.")
    static let requestIDHeader = OpenAPI.parameter("X-Request-Id", in: "header", "A request id to keep (letters, digits, -_.:, at most 128); one is made otherwise.")

    static var paths: [String: JSONValue] {
        let forbidden = OpenAPI.jsonRPCError("Origin or Host not allowed.")
        let draining = OpenAPI.jsonRPCError("The server is shutting down.")
        return [
            "/mcp": [
                "post": [
                    "summary": "Send a JSON-RPC message (Streamable HTTP, both eras)",
                    "operationId": "mcpPost",
                    "parameters": [sessionHeader, versionHeader, requestIDHeader],
                    "requestBody": [
                        "required": true,
                        "content": ["application/json": ["schema": ["oneOf": [OpenAPI.ref("JSONRPCMessage"), ["type": "array", "items": OpenAPI.ref("JSONRPCMessage")]]]]],
                    ],
                    "responses": [
                        "200": [
                            "description": "The answer, as JSON or as an event stream that ends with it.",
                            "content": [
                                "application/json": ["schema": OpenAPI.ref("JSONRPCMessage")],
                                "text/event-stream": ["schema": ["type": "string"]],
                            ],
                        ],
                        "202": OpenAPI.empty("A notification or response was accepted."),
                        "400": OpenAPI.jsonRPCError("Malformed message or headers."),
                        "403": forbidden,
                        "404": OpenAPI.jsonRPCError("Unknown or terminated session."),
                        "413": OpenAPI.jsonRPCError("Body too large."),
                        "503": draining,
                    ],
                ],
                "get": [
                    "summary": "Open the session's event stream",
                    "operationId": "mcpGet",
                    "parameters": [sessionHeader, versionHeader, lastEventHeader],
                    "responses": [
                        "200": OpenAPI.eventStream("Server-to-client messages of the session."),
                        "400": OpenAPI.jsonRPCError("Missing session."),
                        "404": OpenAPI.jsonRPCError("Unknown session."),
                        "405": OpenAPI.empty("The stateless era has no GET stream."),
                    ],
                ],
                "delete": [
                    "summary": "End the session",
                    "operationId": "mcpDelete",
                    "parameters": [sessionHeader],
                    "responses": [
                        "200": OpenAPI.empty("The session has ended."),
                        "404": OpenAPI.jsonRPCError("Unknown session."),
                        "405": OpenAPI.empty("No session header."),
                    ],
                ],
            ],
            "/sse": [
                "get": [
                    "summary": "Open a 2024-11-05 HTTP+SSE session",
                    "description": "The first event, `endpoint`, names the URL to POST messages to; answers arrive as `message` events.",
                    "operationId": "legacySSE",
                    "responses": ["200": OpenAPI.eventStream("The session's stream."), "503": draining],
                ],
            ],
            "/messages": [
                "post": [
                    "summary": "Send a message to a 2024-11-05 session",
                    "operationId": "legacyMessages",
                    "parameters": [OpenAPI.parameter("sessionId", in: "query", "The session, from the `endpoint` event.", required: true)],
                    "requestBody": ["required": true, "content": ["application/json": ["schema": OpenAPI.ref("JSONRPCMessage")]]],
                    "responses": [
                        "202": OpenAPI.empty("Accepted; the answer arrives on the stream."),
                        "400": OpenAPI.jsonRPCError("Malformed message."),
                        "404": OpenAPI.empty("Unknown or expired session."),
                    ],
                ],
            ],
            "/health": [
                "get": [
                    "summary": "Liveness: the process answers",
                    "operationId": "health",
                    "responses": ["200": OpenAPI.json("Alive.", schema: ["type": "object", "properties": ["status": ["type": "string", "const": "ok"]], "required": ["status"]])],
                ],
            ],
            "/ready": [
                "get": [
                    "summary": "Readiness: the store is usable and the server is not draining",
                    "operationId": "ready",
                    "responses": [
                        "200": OpenAPI.json("Ready for traffic.", schema: OpenAPI.ref("Readiness")),
                        "503": OpenAPI.json("Not ready; `reason` says why.", schema: OpenAPI.ref("Readiness")),
                    ],
                ],
            ],
            "/metrics": [
                "get": [
                    "summary": "Prometheus metrics",
                    "operationId": "metrics",
                    "responses": [
                        "200": ["description": "Prometheus text exposition format 0.0.4.", "content": ["text/plain": ["schema": ["type": "string"]]]],
                    ],
                ],
            ],
            "/openapi.json": [
                "get": [
                    "summary": "This document",
                    "operationId": "openapi",
                    "responses": ["200": OpenAPI.json("OpenAPI 3.1.", schema: ["type": "object"])],
                ],
            ],
        ]
    }

    static var schemas: [String: JSONValue] {
        [
            "JSONRPCMessage": [
                "type": "object",
                "description": "A JSON-RPC 2.0 request, notification, response or error response.",
                "properties": [
                    "jsonrpc": ["type": "string", "const": "2.0"],
                    "id": ["type": ["string", "integer"]],
                    "method": ["type": "string"],
                    "params": ["type": "object"],
                    "result": ["type": "object"],
                    "error": [
                        "type": "object",
                        "properties": ["code": ["type": "integer"], "message": ["type": "string"], "data": [:]],
                        "required": ["code", "message"],
                    ],
                ],
                "required": ["jsonrpc"],
            ],
            "Readiness": [
                "type": "object",
                "properties": ["status": ["type": "string", "enum": ["ready", "not_ready"]], "reason": ["type": "string"]],
                "required": ["status"],
            ],
        ]
    }
}
