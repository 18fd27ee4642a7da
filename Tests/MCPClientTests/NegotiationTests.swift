import MCP
import Testing
@testable import MCPClient

@Suite struct EraNegotiationTests {
    @Test func plans() {
        #expect(EraNegotiation.plan(preference: nil, forceSSE: false, cached: nil) == [.discover, .initialize(.v2025_11_25), .sseStream])
        #expect(EraNegotiation.plan(preference: "legacy-first", forceSSE: false, cached: nil) == [.initialize(.v2025_11_25), .discover, .sseStream])
        #expect(EraNegotiation.plan(preference: "auto", forceSSE: false, cached: "legacy") == [.initialize(.v2025_11_25), .discover, .sseStream])
        #expect(EraNegotiation.plan(preference: "auto", forceSSE: false, cached: "sse").first == .sseStream)
        #expect(EraNegotiation.plan(preference: "2026-07-28", forceSSE: false, cached: "legacy") == [.discover])
        #expect(EraNegotiation.plan(preference: "2025-06-18", forceSSE: false, cached: nil) == [.initialize(.v2025_06_18), .sseStream])
        #expect(EraNegotiation.plan(preference: nil, forceSSE: true, cached: "modern") == [.sseStream])
    }

    @Test func discoverVerdicts() {
        #expect(EraNegotiation.judgeDiscover(status: 200, error: nil, alreadyRetried: false) == .modern)
        let unsupported = JSONRPCError.unsupportedProtocolVersion(requested: "2026-07-28", supported: [.v2026_07_28])
        #expect(EraNegotiation.judgeDiscover(status: 400, error: unsupported, alreadyRetried: false) == .retry(.v2026_07_28))
        #expect(EraNegotiation.judgeDiscover(status: 400, error: unsupported, alreadyRetried: true) == .fallBack)
        let legacyOnly = JSONRPCError(code: -32022, message: "no", data: ["supported": ["2025-11-25"]])
        #expect(EraNegotiation.judgeDiscover(status: 400, error: legacyOnly, alreadyRetried: false) == .fallBack)
        let mismatch = JSONRPCError(code: JSONRPCError.Code.headerMismatch, message: "header mismatch")
        if case .modernError = EraNegotiation.judgeDiscover(status: 400, error: mismatch, alreadyRetried: false) {} else { Issue.record("-32020 keeps the server modern") }
        // A legacy server's "no session" 400, its 404 and 405 all mean: try initialize.
        #expect(EraNegotiation.judgeDiscover(status: 400, error: .invalidRequest("Bad Request: No valid session ID provided"), alreadyRetried: false) == .fallBack)
        #expect(EraNegotiation.judgeDiscover(status: 404, error: nil, alreadyRetried: false) == .fallBack)
        #expect(EraNegotiation.judgeDiscover(status: 405, error: nil, alreadyRetried: false) == .fallBack)
        #expect(EraNegotiation.judgeDiscover(status: 200, error: .methodNotFound("server/discover"), alreadyRetried: false) == .fallBack)
    }

    @Test func initializeFallback() {
        #expect(EraNegotiation.initializeFallsBack(status: 400))
        #expect(EraNegotiation.initializeFallsBack(status: 404))
        #expect(EraNegotiation.initializeFallsBack(status: 405))
        #expect(!EraNegotiation.initializeFallsBack(status: 500))
        #expect(!EraNegotiation.initializeFallsBack(status: 401))
    }

    @Test func originsAndHeaders() {
        #expect(EraNegotiation.origin(of: "https://Example.com/mcp") == "https://example.com:443")
        #expect(EraNegotiation.origin(of: "http://127.0.0.1:8080/a/b") == "http://127.0.0.1:8080")
        #expect(EraNegotiation.headerValue("search_documents") == "search_documents")
        #expect(EraNegotiation.headerValue("file:///path/to/file%20name.txt") == "file:///path/to/file%20name.txt")
        #expect(EraNegotiation.headerValue("héllo") == "=?base64?aMOpbGxv?=")
    }

    @Test func modernEnvelopeKeepsProgressToken() {
        let params = ClientIdentity.modernParams(["name": "t", "_meta": ["progressToken": 7]])
        #expect(params["_meta"]?["progressToken"] == 7)
        #expect(params["_meta"]?[MetaKey.protocolVersion] == "2026-07-28")
        #expect(params["_meta"]?[MetaKey.clientCapabilities] == .object([:]))
        #expect(params["_meta"]?[MetaKey.clientInfo]?["name"] == "quire")
    }

    @Test func bearerChallenges() {
        let challenge = BearerChallenge(header: #"Bearer error="insufficient_scope", scope="mcp:read mcp:write", resource_metadata="https://a/.well-known/oauth-protected-resource/mcp""#)
        #expect(challenge?.error == "insufficient_scope")
        #expect(challenge?.scope == "mcp:read mcp:write")
        #expect(challenge?.resourceMetadata == "https://a/.well-known/oauth-protected-resource/mcp")
        #expect(BearerChallenge(header: "Basic realm=x") == nil)
        #expect(BearerChallenge(header: "Bearer")?.scope == nil)
    }
}

@Suite struct OAuthPieceTests {
    @Test func pkceMatchesRFC7636() {
        // RFC 7636 appendix B.
        let pkce = PKCE(verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
        #expect(pkce.challenge == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        #expect(pkce.method == "S256")
        let fresh = PKCE()
        #expect(fresh.verifier.count == 43 && fresh.verifier != PKCE().verifier)
        #expect(fresh.verifier.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
    }

    @Test func discoveryURLsInSpecOrder() {
        #expect(OAuthHTTP.asMetadataCandidates("https://auth.example.com/tenant1") == [
            "https://auth.example.com/.well-known/oauth-authorization-server/tenant1",
            "https://auth.example.com/.well-known/openid-configuration/tenant1",
            "https://auth.example.com/tenant1/.well-known/openid-configuration",
        ])
        #expect(OAuthHTTP.asMetadataCandidates("https://auth.example.com") == [
            "https://auth.example.com/.well-known/oauth-authorization-server",
            "https://auth.example.com/.well-known/openid-configuration",
        ])
        #expect(OAuthHTTP.prmCandidates("https://mcp.example.com:8443/public/mcp") == [
            "https://mcp.example.com:8443/.well-known/oauth-protected-resource/public/mcp",
            "https://mcp.example.com:8443/.well-known/oauth-protected-resource",
        ])
        #expect(canonicalResourceURI("HTTPS://MCP.Example.com/mcp/#frag") == "https://mcp.example.com/mcp")
    }
}
