import MCP
import Testing
@testable import MCPServer

@Suite struct AccessPolicyTests {
    let policy = AccessPolicy(toolPermissions: ["optimize_storage": .admin])
    let readTool = Tool(name: "search", inputSchema: [:], annotations: ToolAnnotations(readOnlyHint: true))
    let writeTool = Tool(name: "add", inputSchema: [:])
    let adminTool = Tool(name: "optimize_storage", inputSchema: [:], annotations: ToolAnnotations(readOnlyHint: true))

    @Test func permissionsFollowAnnotationsAndOverrides() {
        #expect(policy.permission(forTool: readTool) == .read)
        #expect(policy.permission(forTool: writeTool) == .write)
        #expect(policy.permission(forTool: adminTool) == .admin)
        #expect(policy.permission(forMethod: Method.initialize, tool: nil) == nil)
        #expect(policy.permission(forMethod: Method.discover, tool: nil) == nil)
        #expect(policy.permission(forMethod: Method.resourcesRead, tool: nil) == .read)
        #expect(policy.permission(forMethod: Method.toolsCall, tool: writeTool) == .write)
    }

    @Test func higherScopesIncludeLowerOnes() {
        let admin = Principal(id: "a", scopes: ["quire:admin"])
        let writer = Principal(id: "w", scopes: ["quire:write", "other"])
        let nobody = Principal(id: "n", scopes: ["other"])
        #expect(policy.refusal(for: admin, needing: .write) == nil)
        #expect(policy.refusal(for: writer, needing: .read) == nil)
        let refusal = policy.refusal(for: writer, needing: .admin)
        #expect(refusal?.code == JSONRPCError.Code.insufficientScope)
        #expect(refusal?.data?["requiredScopes"] == ["quire:admin"])
        #expect(policy.refusal(for: nobody, needing: .read)?.data?["requiredScopes"] == ["quire:read"])
        #expect(policy.refusal(for: .local, needing: .admin) == nil)
        #expect(policy.refusal(for: nobody, needing: nil) == nil)
    }

    @Test func dispatcherRefusesBeyondScopesTheSameWayForEveryTransport() async throws {
        var definition = ServerDefinition(info: Implementation(name: "t", version: "1"))
        definition.tools.register(ToolDefinition(writeTool) { _, _ in .init(content: []) })
        let dispatcher = Dispatcher(definition: definition)
        let reader = Principal(id: "r", scopes: ["quire:read"])
        let call = JSONRPCRequest(id: .int(1), method: Method.toolsCall, params: ["name": "add", "arguments": [:]])
        let refusal = await dispatcher.checkAccess(call, principal: reader)
        #expect(refusal?.code == JSONRPCError.Code.insufficientScope)
        #expect(await dispatcher.checkAccess(call, principal: Principal(id: "w", scopes: ["quire:write"])) == nil)
    }
}

@Suite struct BearerChallengeTests {
    @Test func challengesNameMetadataAndScopes() {
        let challenge = BearerChallenge(resourceMetadataURL: "http://h/.well-known/oauth-protected-resource/mcp", basicScope: "quire:read")
        #expect(challenge.missingCredentials() == #"Bearer scope="quire:read", resource_metadata="http://h/.well-known/oauth-protected-resource/mcp""#)
        #expect(challenge.insufficientScope(["quire:write"]).hasPrefix(#"Bearer error="insufficient_scope", error_description="#))
        #expect(challenge.insufficientScope(["quire:write"]).contains(#"scope="quire:write""#))
        // Quotes and control characters in a description cannot break out of the parameter.
        #expect(challenge.invalidToken("bad \"x\"\n").contains(#"error_description="bad \"x\"?""#))
    }

    @Test func metadataURLIsPathAware() {
        #expect(ProtectedResourceMetadata.metadataURL(for: "https://a.example/mcp") == "https://a.example/.well-known/oauth-protected-resource/mcp")
        #expect(ProtectedResourceMetadata.metadataURL(for: "http://127.0.0.1:8080") == "http://127.0.0.1:8080/.well-known/oauth-protected-resource")
        #expect(ProtectedResourceMetadata.metadataURL(for: "ftp://x/mcp") == nil)
    }
}
