import MCP
import MCPServer

/// Picks the language model for one request, or explains why there is none.
struct LanguageModelAccess: Sendable {
    let settings: LanguageModelSettings

    /// The model to use for the request `context` serves.
    ///
    /// - Throws: Legacy era: a tool error `-32005` naming both ways to enable a model.
    ///   2026-07-28: JSON-RPC `-32021` with `data.requiredCapabilities: {sampling: {}}` when the
    ///   client did not declare sampling; when it did, `-32005`, because sampling there needs
    ///   the input-required (MRTR) flow, which Quire does not offer yet.
    func model(for context: RequestContext) throws -> any LanguageModel {
        let canSample = context.clientCapabilities.sampling && context.canRequestClient
        if canSample, !(settings.preferEndpoint && settings.endpoint != nil) {
            return SamplingLanguageModel(context: context, timeout: settings.samplingTimeout)
        }
        if let endpoint = settings.endpoint { return ChatCompletionsModel(endpoint: endpoint) }
        if context.protocolVersion.isModern {
            guard context.clientCapabilities.sampling else {
                var error = JSONRPCError.missingClientCapability(["sampling"])
                error.message += "; or start the server with --llm-url BASE (an OpenAI-compatible chat-completions endpoint)"
                throw error
            }
            throw ToolError(
                code: ContextFrameErrorCode.noLanguageModel,
                message: """
                    No language model available: sampling in protocol revision \(context.protocolVersion) needs the \
                    input-required flow, which this server does not support yet. Start the server with --llm-url BASE \
                    (an OpenAI-compatible chat-completions endpoint), or connect with protocol revision 2025-11-25.
                    """,
                data: ["ways": Self.ways]
            )
        }
        throw ToolError(
            code: ContextFrameErrorCode.noLanguageModel,
            message: """
                No language model available. Either connect with a client that supports MCP sampling (declares the \
                sampling capability), or start the server with --llm-url BASE for an OpenAI-compatible chat-completions \
                endpoint (model from --llm-model or CONTEXTFRAME_ENHANCE_MODEL, key from OPENAI_API_KEY or the variable \
                named by --llm-key-env).
                """,
            data: ["ways": Self.ways]
        )
    }

    private static let ways: JSONValue = [
        ["kind": "sampling", "how": "connect with a client that declares the sampling capability"],
        ["kind": "endpoint", "how": "quire serve --llm-url BASE [--llm-model NAME] [--llm-key-env VAR]"],
    ]
}
