import Hummingbird
import HTTPTypes

/// Cross-origin access for browser pages, configured from `--cors-origin`: Hummingbird's own
/// ``CORSMiddleware``, applied only to requests from the configured origins.
///
/// `CORSMiddleware` answers every request that has an `Origin`; the gate in front of it keeps
/// other origins (including loopback pages that the Origin check lets through) from getting
/// `Access-Control-*` headers, so a browser will not let them read responses.
struct CORSPolicy<Context: Hummingbird.RequestContext>: RouterMiddleware {
    /// The configured origins, lowercased; `*` means any origin (then without credentials).
    let origins: Set<String>
    private let cors: CORSMiddleware<Context>

    /// Headers a browser page may send: what MCP clients and the REST routes use.
    static var allowedHeaders: [HTTPField.Name] {
        [
            .accept, .authorization, .contentType, .origin, MCPHeaders.lastEventID, MCPHeaders.sessionID, MCPHeaders.protocolVersion,
            MCPHeaders.method, MCPHeaders.name, RequestIDMiddleware<Context>.header,
        ]
    }

    /// Response headers a page may read besides the CORS-safelisted ones.
    static var exposedHeaders: [String] {
        [MCPHeaders.sessionID.canonicalName, HTTPField.Name.wwwAuthenticate.canonicalName, MCPHeaders.protocolVersion.canonicalName, RequestIDMiddleware<Context>.header.canonicalName]
    }

    /// A gate for `origins`, or `nil` when none are configured (no CORS at all).
    init?(origins: [String], allowCredentials: Bool = true) {
        guard !origins.isEmpty else { return nil }
        self.origins = Set(origins.map { $0.lowercased() })
        let any = self.origins.contains("*")
        // A wildcard origin never goes with credentials: browsers refuse the pair, and it would
        // hand every site the user's credentials.
        cors = CORSMiddleware(
            allowOrigin: any ? .all : .originBased,
            allowHeaders: Self.allowedHeaders,
            allowMethods: [.get, .post, .delete, .head, .options],
            allowCredentials: allowCredentials && !any,
            exposedHeaders: Self.exposedHeaders,
            maxAge: .seconds(600)
        )
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let origin = request.headers[.origin], origins.contains("*") || origins.contains(origin.lowercased()) else {
            return try await next(request, context)
        }
        var response = try await cors.handle(request, context: context, next: next)
        // `CORSMiddleware` names exposed headers on preflight answers only, but browsers read
        // `Access-Control-Expose-Headers` from the actual response: without it a page cannot
        // see `Mcp-Session-Id`.
        if request.method != .options, response.headers[.accessControlExposeHeaders] == nil {
            response.headers[.accessControlExposeHeaders] = Self.exposedHeaders.joined(separator: ", ")
        }
        return response
    }
}
