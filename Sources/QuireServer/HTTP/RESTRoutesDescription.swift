import Hummingbird
import MCP
import MCPServer

/// The OpenAPI description of the REST-style `/mcp/v1/*` routes of the original plan (plain
/// JSON tool calls, resources, long operations, the change stream and subscriptions).
///
/// It adds no routes: the routes' own provider serves them. Kept apart so `/openapi.json`
/// describes the whole surface; when that provider describes its routes itself, this goes.
struct RESTRoutesDescription: HTTPRouteProvider {
    func addRoutes(to router: Router<MCPRequestContext>, context: HTTPRouteContext) {}

    var openAPISchemas: [String: JSONValue] {
        [
            "Problem": [
                "type": "object",
                "description": "An RFC 9457 problem document.",
                "properties": [
                    "type": ["type": "string"], "title": ["type": "string"], "status": ["type": "integer"], "detail": ["type": "string"],
                ],
                "required": ["title", "status"],
            ],
            "ToolCall": [
                "type": "object",
                "properties": [
                    "name": ["type": "string"],
                    "arguments": ["type": "object"],
                    "async": ["type": "boolean", "description": "Run as a long operation: answer 202 with an operation_id."],
                ],
                "required": ["name"],
            ],
            "Operation": [
                "type": "object",
                "properties": [
                    "operation_id": ["type": "string"],
                    "status": ["type": "string", "enum": ["running", "completed", "failed", "cancelled"]],
                    "result": ["type": "object"],
                ],
                "required": ["operation_id", "status"],
            ],
        ]
    }

    var openAPIPaths: [String: JSONValue] {
        let problem = { (description: String) in OpenAPI.json(description, schema: OpenAPI.ref("Problem")) }
        let object: JSONValue = ["type": "object"]
        let operationID = OpenAPI.parameter("operation_id", in: "path", "The operation's id.", required: true)
        func post(_ id: String, _ summary: String, body: JSONValue?, ok: JSONValue) -> JSONValue {
            var operation: [String: JSONValue] = [
                "summary": .string(summary), "operationId": .string(id),
                "responses": ["200": ok, "400": problem("Bad arguments."), "404": problem("Not found."), "422": problem("Arguments violate the schema."), "500": problem("Server fault.")],
            ]
            if let body { operation["requestBody"] = ["required": true, "content": ["application/json": ["schema": body]]] }
            return ["post": .object(operation)]
        }
        return [
            "/mcp/v1/initialize": post("restInitialize", "Server identity and capabilities", body: object, ok: OpenAPI.json("The initialize result.", schema: object)),
            "/mcp/v1/tools/list": post("restToolsList", "List the tools", body: nil, ok: OpenAPI.json("The tools.", schema: object)),
            "/mcp/v1/tools/call": [
                "post": [
                    "summary": "Call a tool",
                    "operationId": "restToolsCall",
                    "requestBody": ["required": true, "content": ["application/json": ["schema": OpenAPI.ref("ToolCall")]]],
                    "responses": [
                        "200": OpenAPI.json("The tool's result.", schema: object),
                        "202": OpenAPI.json("Started as a long operation.", schema: OpenAPI.ref("Operation")),
                        "400": problem("Bad arguments."),
                        "404": problem("Unknown tool, resource or document."),
                        "422": problem("Arguments violate the tool's schema."),
                        "429": problem("Too many requests."),
                        "500": problem("Server fault."),
                    ],
                ],
            ],
            "/mcp/v1/resources/list": post("restResourcesList", "List the resources", body: nil, ok: OpenAPI.json("The resources.", schema: object)),
            "/mcp/v1/resources/read": post(
                "restResourcesRead", "Read a resource", body: ["type": "object", "properties": ["uri": ["type": "string"]], "required": ["uri"]],
                ok: OpenAPI.json("The resource's contents.", schema: object)
            ),
            "/mcp/v1/operations/{operation_id}": [
                "get": [
                    "summary": "A long operation's status",
                    "operationId": "restOperationStatus",
                    "parameters": [operationID],
                    "responses": ["200": OpenAPI.json("The operation.", schema: OpenAPI.ref("Operation")), "404": problem("Unknown operation.")],
                ],
                "delete": [
                    "summary": "Cancel a long operation",
                    "operationId": "restOperationCancel",
                    "parameters": [operationID],
                    "responses": ["200": OpenAPI.json("The operation, cancelled.", schema: OpenAPI.ref("Operation")), "404": problem("Unknown operation.")],
                ],
            ],
            "/mcp/v1/sse/progress/{operation_id}": [
                "get": [
                    "summary": "Progress events of a long operation, then its result",
                    "operationId": "restOperationProgress",
                    "parameters": [operationID],
                    "responses": ["200": OpenAPI.eventStream("`progress` events, then `result`."), "404": problem("Unknown operation.")],
                ],
            ],
            "/mcp/v1/sse/subscribe": [
                "get": [
                    "summary": "The store's change feed as server-sent events",
                    "operationId": "restSubscribe",
                    "parameters": [
                        OpenAPI.parameter("resource_type", in: "query", "What to watch, e.g. documents."),
                        OpenAPI.parameter("collection", in: "query", "Only changes in this collection."),
                        CoreOpenAPIHeaders.lastEventID,
                    ],
                    "responses": ["200": OpenAPI.eventStream("`change` events; the id is the change sequence."), "400": problem("Bad parameters.")],
                ],
            ],
            "/mcp/v1/subscriptions": post("restSubscriptions", "Create a named subscription", body: object, ok: OpenAPI.json("The subscription.", schema: object)),
        ]
    }
}

/// Header parameters shared by descriptions.
enum CoreOpenAPIHeaders {
    static let lastEventID = OpenAPI.parameter("Last-Event-ID", in: "header", "Resume after this event.")
}
