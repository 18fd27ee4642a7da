import Foundation
import Hummingbird
import HTTPTypes
import MCP

/// Establishes who is calling before any route runs (A4, A6, A9): reads `Authorization: Bearer`
/// or `X-API-Key`, asks the authenticator, and sets ``MCPRequestContext/principal``; refuses with
/// 401 and a challenge pointing at the protected-resource metadata otherwise.
///
/// Health, readiness, metrics, the OpenAPI document and the well-known metadata stay open, so
/// probes and discovery work without credentials. A session id never stands in for credentials:
/// every request is checked.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = MCPRequestContext

    let state: AuthState
    let audit: any AuditSink

    static let apiKeyHeader = HTTPField.Name("X-API-Key")!
    static let openPaths: Set<String> = ["/health", "/ready", "/metrics", "/openapi.json"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard state.required, !Self.isOpen(request.uri.path) else { return try await next(request, context) }
        guard let resolved = state.current else {
            return Response(status: .serviceUnavailable, headers: [.retryAfter: "1"])
        }
        let challenge = resolved.challenge
        if Self.hasQueryToken(request.uri.queryParameters) {
            return await refuse(
                request, context, status: .badRequest, challenge: challenge.invalidRequest("send the token in the Authorization header, not the query string"),
                reason: "token in the query string"
            )
        }
        let credentials: Credentials
        switch Self.credentials(in: request.headers) {
        case .success(let found): credentials = found
        case .failure(let failure):
            return await refuse(request, context, status: .badRequest, challenge: challenge.invalidRequest(failure.reason), reason: failure.reason)
        }
        guard !credentials.isEmpty else {
            return await refuse(request, context, status: .unauthorized, challenge: challenge.missingCredentials(), reason: "no credentials")
        }
        switch await resolved.authenticator.authenticate(credentials) {
        case .failure(let failure):
            return await refuse(request, context, status: .unauthorized, challenge: challenge.invalidToken(failure.reason), reason: failure.reason)
        case .success(let principal):
            var context = context
            context.principal = principal
            return try await BearerChallenge.$current.withValue(challenge) { try await next(request, context) }
        }
    }

    static func isOpen(_ path: String) -> Bool {
        openPaths.contains(path) || path.hasPrefix("/.well-known/")
    }

    /// Token-like query parameters (A9: tokens only in the header, never in URLs that end up in logs).
    static func hasQueryToken(_ query: Hummingbird.Parameters) -> Bool {
        ["access_token", "token", "api_key", "apikey"].contains { query.get($0) != nil }
    }

    /// The credentials in `headers`, or why they are malformed.
    static func credentials(in headers: HTTPFields) -> Result<Credentials, AuthenticationFailure> {
        var credentials = Credentials(apiKey: headers[apiKeyHeader])
        let authorizations = headers[values: .authorization]
        guard authorizations.count <= 1 else { return .failure(AuthenticationFailure("more than one Authorization header")) }
        if let authorization = authorizations.first {
            let parts = authorization.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                return .failure(AuthenticationFailure("the Authorization header must be \"Bearer <token>\""))
            }
            let token = parts[1].trimmingCharacters(in: .whitespaces)
            guard !token.isEmpty, !token.contains(" ") else { return .failure(AuthenticationFailure("the bearer token is malformed")) }
            credentials.bearerToken = token
        }
        return .success(credentials)
    }

    private func refuse(_ request: Request, _ context: Context, status: HTTPResponse.Status, challenge: String, reason: String) async -> Response {
        await audit.record(AuditEvent(
            kind: .authenticationFailed, clientAddress: context.clientAddress, transport: Self.transport(of: request.uri.path),
            method: "\(request.method.rawValue) \(request.uri.path)", outcome: "refused", reason: reason
        ))
        return Self.refusal(path: request.uri.path, status: status, challenge: challenge, message: reason)
    }

    /// A refusal in the form the path's clients read: a problem document on the REST routes,
    /// a JSON-RPC error elsewhere.
    static func refusal(path: String, status: HTTPResponse.Status, challenge: String, message: String) -> Response {
        let code = status == .forbidden ? JSONRPCError.Code.insufficientScope : JSONRPCError.Code.unauthorized
        let title = status == .badRequest ? "Bad request" : status == .forbidden ? "Forbidden" : "Unauthorized"
        let headers: HTTPFields = [.wwwAuthenticate: challenge]
        if path.hasPrefix(RESTPaths.prefix) {
            var problem = RESTProblem(status: status, code: code, message: "\(title): \(message)")
            problem.headers = headers
            return problem.response
        }
        return HTTPReplies.error(JSONRPCError(code: code, message: "\(title): \(message)"), id: nil, status: status, headers: headers)
    }

    static func transport(of path: String) -> String {
        if path.hasPrefix(RESTPaths.prefix) { return "rest" }
        if path == "/sse" || path == "/messages" { return "sse" }
        return "http"
    }
}
