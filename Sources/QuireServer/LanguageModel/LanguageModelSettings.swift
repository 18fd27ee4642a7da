import Foundation

/// How the server reaches a language model for the enhancement tools.
///
/// Per request: MCP sampling when the client declared `sampling` and the request can reach
/// the client (unless ``preferEndpoint``), else the configured ``endpoint``, else an error
/// that names both ways to enable it.
public struct LanguageModelSettings: Sendable {
    /// An OpenAI-compatible `/v1/chat/completions` service (`--llm-url`, `--llm-model`).
    public var endpoint: OpenAICompatibleEndpoint?
    /// Use the endpoint even when the client offers sampling (`--prefer-llm-endpoint`).
    public var preferEndpoint: Bool
    /// How long to wait for the client to answer one sampling request.
    public var samplingTimeout: Duration

    /// Settings that use `endpoint` (if any) when sampling is not available or not preferred.
    public init(endpoint: OpenAICompatibleEndpoint? = nil, preferEndpoint: Bool = false, samplingTimeout: Duration = .seconds(300)) {
        self.endpoint = endpoint
        self.preferEndpoint = preferEndpoint
        self.samplingTimeout = samplingTimeout
    }

    /// The default chat model: `CONTEXTFRAME_ENHANCE_MODEL` (ContextFrame's variable), else `gpt-4o-mini`.
    public static func defaultModel(environment: [String: String]) -> String {
        nonEmpty(environment["CONTEXTFRAME_ENHANCE_MODEL"]) ?? "gpt-4o-mini"
    }

    /// The default embedding model: `CONTEXTFRAME_EMBED_MODEL`, else `text-embedding-3-small`.
    public static func defaultEmbeddingModel(environment: [String: String]) -> String {
        nonEmpty(environment["CONTEXTFRAME_EMBED_MODEL"]) ?? "text-embedding-3-small"
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }
}
