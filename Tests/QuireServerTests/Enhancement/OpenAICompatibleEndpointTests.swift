import Testing
@testable import QuireServer

/// Endpoint URLs and key handling; the HTTP exchanges themselves run in the interop suite
/// against a real loopback server.
@Suite struct OpenAICompatibleEndpointTests {
    @Test func routesGoUnderV1Once() throws {
        let bare = try OpenAICompatibleEndpoint(baseURL: "http://127.0.0.1:8080", model: "m", environment: [:])
        #expect(bare.url(for: "chat/completions").absoluteString == "http://127.0.0.1:8080/v1/chat/completions")
        let withV1 = try OpenAICompatibleEndpoint(baseURL: "https://api.example.com/v1/", model: "m", environment: [:])
        #expect(withV1.url(for: "embeddings").absoluteString == "https://api.example.com/v1/embeddings")
        let prefixed = try OpenAICompatibleEndpoint(baseURL: "https://gw.example.com/openai", model: "m", environment: [:])
        #expect(prefixed.url(for: "embeddings").absoluteString == "https://gw.example.com/openai/v1/embeddings")
        #expect(prefixed.host == "gw.example.com")
        #expect(bare.host == "127.0.0.1:8080")
    }

    @Test func badBaseURLsAreRefused() {
        for url in ["ftp://x", "not a url", "http://", "http://h/v1?x=1", "/v1"] {
            #expect(throws: OpenAICompatibleEndpoint.InvalidBaseURL.self) {
                try OpenAICompatibleEndpoint(baseURL: url, model: "m", environment: [:])
            }
        }
    }

    @Test func theKeyComesFromTheNamedVariableAndIsNeverDescribed() throws {
        let endpoint = try OpenAICompatibleEndpoint(
            baseURL: "https://api.example.com/v1", model: "m", keyVariable: "MY_KEY",
            environment: ["MY_KEY": " sk-secret \n", "OPENAI_API_KEY": "sk-other"]
        )
        #expect(endpoint.headers["Authorization"] == "Bearer sk-secret")
        #expect(!endpoint.description.contains("sk-"))
        #expect(!String(describing: endpoint).contains("secret"))
        let keyless = try OpenAICompatibleEndpoint(baseURL: "http://localhost:11434", model: "m", environment: ["OPENAI_API_KEY": ""])
        #expect(keyless.headers["Authorization"] == nil)
        #expect(!keyless.hasKey)
    }

    @Test func defaultModelsHonourContextFrameVariables() {
        #expect(LanguageModelSettings.defaultModel(environment: [:]) == "gpt-4o-mini")
        #expect(LanguageModelSettings.defaultModel(environment: ["CONTEXTFRAME_ENHANCE_MODEL": "gpt-4"]) == "gpt-4")
        #expect(LanguageModelSettings.defaultEmbeddingModel(environment: [:]) == "text-embedding-3-small")
        #expect(LanguageModelSettings.defaultEmbeddingModel(environment: ["CONTEXTFRAME_EMBED_MODEL": " e "]) == "e")
    }
}
