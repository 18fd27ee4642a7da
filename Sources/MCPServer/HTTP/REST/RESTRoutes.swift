import Hummingbird
import MCP

/// The REST-style `/mcp/v1/*` routes of the original plan, over the same ``Dispatcher`` as
/// `/mcp`: plain JSON in and out, HTTP statuses that mean what they say, long tool calls as
/// operations with a replayable progress stream.
///
/// | Route | |
/// | --- | --- |
/// | `POST /mcp/v1/initialize` | the server's `InitializeResult` |
/// | `GET`/`POST /mcp/v1/tools/list`, `…/resources/list` | the lists |
/// | `POST /mcp/v1/tools/call` | `{name, arguments, async?}` (or `{params: …}`); 200 with the result, or 202 with an operation |
/// | `POST /mcp/v1/resources/read` | `{uri}` (or `{params: …}`) |
/// | `POST /mcp/v1/jsonrpc` | any JSON-RPC request, bare or as `{"request": …}` |
/// | `GET`/`DELETE /mcp/v1/operations/{id}` | an operation's status; cancel it |
/// | `GET /mcp/v1/sse/progress/{id}` | its events: `progress`, `log`, then `complete` or `error` |
public struct RESTRoutes: HTTPRouteProvider {
    /// Background tools, error statuses and operation limits.
    public let options: RESTOptions
    /// Where operations are kept.
    public let operations: any OperationRegistry

    /// - Parameter operations: where operations are kept; in this process's memory by default.
    public init(options: RESTOptions = RESTOptions(), operations: (any OperationRegistry)? = nil) {
        self.options = options
        self.operations = operations ?? InMemoryOperationRegistry(limits: options.operationLimits)
    }

    /// Adds the routes in the table above.
    public func addRoutes(to router: Router<MCPRequestContext>, context: HTTPRouteContext) {
        let handler = RESTHandler(
            bridge: RESTBridge(dispatcher: context.dispatcher, options: options), operations: operations, http: context
        )
        router.post(RouterPath(RESTPaths.initialize)) { request, context in await handler.initialize(request, principal: context.principal) }
        router.get(RouterPath(RESTPaths.toolsList)) { request, context in await handler.list(Method.toolsList, request, hasBody: false, principal: context.principal) }
        router.post(RouterPath(RESTPaths.toolsList)) { request, context in await handler.list(Method.toolsList, request, hasBody: true, principal: context.principal) }
        router.get(RouterPath(RESTPaths.resourcesList)) { request, context in await handler.list(Method.resourcesList, request, hasBody: false, principal: context.principal) }
        router.post(RouterPath(RESTPaths.resourcesList)) { request, context in await handler.list(Method.resourcesList, request, hasBody: true, principal: context.principal) }
        router.post(RouterPath(RESTPaths.resourcesRead)) { request, context in await handler.readResource(request, principal: context.principal) }
        router.post(RouterPath(RESTPaths.toolsCall)) { request, context in await handler.callTool(request, principal: context.principal) }
        router.post(RouterPath(RESTPaths.jsonRPC)) { request, context in await handler.jsonRPC(request, principal: context.principal) }
        router.get(RouterPath("\(RESTPaths.operations)/:id")) { request, context in
            await handler.operationStatus(request, id: context.parameters.get("id") ?? "", principal: context.principal)
        }
        router.delete(RouterPath("\(RESTPaths.operations)/:id")) { request, context in
            await handler.cancelOperation(request, id: context.parameters.get("id") ?? "", principal: context.principal)
        }
        router.get(RouterPath("\(RESTPaths.progressStreams)/:id")) { request, context in
            await handler.progressStream(request, id: context.parameters.get("id") ?? "", principal: context.principal)
        }
    }
}

/// The work behind ``RESTRoutes``, one method per route.
struct RESTHandler: Sendable {
    let bridge: RESTBridge
    let operations: any OperationRegistry
    let http: HTTPRouteContext

    var options: RESTOptions { bridge.options }
    var definition: ServerDefinition { bridge.dispatcher.definition }

    /// Runs a route counted as a request in flight, turning a thrown problem into its answer.
    func guarded(_ work: () async throws -> Response) async -> Response {
        await http.inFlight {
            do {
                return try await work()
            } catch let problem as RESTProblem {
                return problem.response
            } catch {
                return RESTProblem(status: .internalServerError, code: JSONRPCError.Code.internalError, message: "\(error)").response
            }
        }
    }

    func body(_ request: Request) async throws -> [String: JSONValue] {
        try await RESTBody.object(of: request, limit: http.configuration.maxBodyBytes)
    }

    // MARK: Simple routes

    func initialize(_ request: Request, principal: Principal) async -> Response {
        await guarded {
            let params = try RESTBody.params(of: try await body(request))
            let reply = await bridge.initialize(params, principal: principal)
            return bridge.outcome(of: reply).response
        }
    }

    func list(_ method: String, _ request: Request, hasBody: Bool, principal: Principal) async -> Response {
        await guarded {
            var params: [String: JSONValue] = [:]
            if hasBody { params = try RESTBody.params(of: try await body(request)) }
            if let cursor = request.uri.queryParameters.get("cursor") { params["cursor"] = .string(cursor) }
            let reply = await bridge.send(method, params: params, principal: principal)
            return bridge.outcome(of: reply).response
        }
    }

    func readResource(_ request: Request, principal: Principal) async -> Response {
        await guarded {
            let params = try RESTBody.params(of: try await body(request))
            guard case .string? = params["uri"] else { throw RESTProblem.badRequest("\"uri\": a string is required") }
            let reply = await bridge.send(Method.resourcesRead, params: params, principal: principal)
            return bridge.outcome(of: reply).response
        }
    }
}
