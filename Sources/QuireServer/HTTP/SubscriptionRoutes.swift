import Hummingbird
import MCP
import MCPServer

/// Named change subscriptions as REST resources, each route one change-feed tool called through
/// the dispatcher (so they behave exactly as the tools do, scoped to the caller):
///
/// | Route | Tool |
/// | --- | --- |
/// | `POST /mcp/v1/subscriptions` (body: the tool's arguments) | `subscribe_changes` → 201 |
/// | `GET /mcp/v1/subscriptions?resource_type=` | `get_subscriptions` |
/// | `GET /mcp/v1/subscriptions/{id}/changes?poll_token=&timeout=` | `poll_changes` |
/// | `DELETE /mcp/v1/subscriptions/{id}` | `unsubscribe` |
///
/// Answers are the tools' `structuredContent`; errors are problem documents (unknown id → 404).
struct SubscriptionRoutes: HTTPRouteProvider {
    static let path = "/mcp/v1/subscriptions"

    let options: RESTOptions

    func addRoutes(to router: Router<MCPRequestContext>, context: HTTPRouteContext) {
        let bridge = RESTBridge(dispatcher: context.dispatcher, options: options)
        router.post(RouterPath(Self.path)) { request, routeContext in
            await context.inFlight {
                do {
                    let arguments = try RESTBody.params(of: try await RESTBody.object(of: request, limit: context.configuration.maxBodyBytes))
                    return await bridge.callToolStructured(
                        "subscribe_changes", arguments: arguments, principal: routeContext.principal, status: .created,
                        headers: { result in result["subscription_id"]?.stringValue.map { [.location: "\(Self.path)/\($0)"] } ?? [:] }
                    )
                } catch let problem as RESTProblem {
                    return problem.response
                } catch {
                    return RESTProblem(status: .internalServerError, code: JSONRPCError.Code.internalError, message: "\(error)").response
                }
            }
        }
        router.get(RouterPath(Self.path)) { request, routeContext in
            var arguments: [String: JSONValue] = [:]
            if let type = request.uri.queryParameters.get("resource_type") { arguments["resource_type"] = .string(type) }
            return await context.inFlight {
                await bridge.callToolStructured("get_subscriptions", arguments: arguments, principal: routeContext.principal)
            }
        }
        router.get(RouterPath("\(Self.path)/:id/changes")) { request, routeContext in
            var arguments: [String: JSONValue] = ["subscription_id": .string(routeContext.parameters.get("id") ?? "")]
            let query = request.uri.queryParameters
            if let token = query.get("poll_token") { arguments["poll_token"] = .string(token) }
            if let timeout = query.get("timeout") {
                guard let seconds = Int(timeout) else { return RESTProblem.badRequest("timeout must be a whole number of seconds, not \"\(timeout)\"").response }
                arguments["timeout"] = .int(seconds)
            }
            return await context.inFlight {
                await bridge.callToolStructured("poll_changes", arguments: arguments, principal: routeContext.principal)
            }
        }
        router.delete(RouterPath("\(Self.path)/:id")) { request, routeContext in
            let arguments: [String: JSONValue] = ["subscription_id": .string(routeContext.parameters.get("id") ?? "")]
            return await context.inFlight {
                await bridge.callToolStructured("unsubscribe", arguments: arguments, principal: routeContext.principal)
            }
        }
    }
}
