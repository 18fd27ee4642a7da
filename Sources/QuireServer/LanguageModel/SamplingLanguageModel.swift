import MCP
import MCPServer

/// Asks the client's model through MCP sampling (`sampling/createMessage`), on the request's
/// own back-channel. The client decides which model answers, and may ask its user first.
struct SamplingLanguageModel: LanguageModel {
    let context: RequestContext
    let timeout: Duration

    var provider: String { "sampling" }

    func complete(system: String, prompt: String, maxTokens: Int) async throws -> Completion {
        let params: JSONValue = [
            "messages": [["role": "user", "content": ["type": "text", "text": .string(prompt)]]],
            "systemPrompt": .string(system),
            "maxTokens": .int(maxTokens),
            "includeContext": "none",
        ]
        let result: JSONValue
        do {
            result = try await context.request("sampling/createMessage", params: params, timeout: timeout)
        } catch let error as JSONRPCError {
            throw ToolError(
                code: ContextFrameErrorCode.noLanguageModel,
                message: "The client's sampling request failed: \(error.message) (\(error.code))",
                data: ["provider": "sampling", "clientError": error.json]
            )
        } catch let error as ClientRequestError {
            throw ToolError(
                code: ContextFrameErrorCode.noLanguageModel, message: "Sampling failed: \(error.description)",
                data: ["provider": "sampling"]
            )
        }
        let blocks: [JSONValue]
        switch result["content"] {
        case .array(let list)?: blocks = list
        case let single?: blocks = [single]
        case nil: blocks = []
        }
        let text = blocks.compactMap { $0["type"] == "text" ? $0["text"]?.stringValue : nil }.joined(separator: "\n")
        guard !text.isEmpty else {
            throw ToolError(
                code: ContextFrameErrorCode.noLanguageModel, message: "The client's sampling answer contained no text",
                data: ["provider": "sampling"]
            )
        }
        // Sampling results carry no token counts in the spec; some clients put usage in _meta.
        let usage = result["_meta"]?["usage"]
        return Completion(
            text: text, inputTokens: usage?["inputTokens"]?.intValue, outputTokens: usage?["outputTokens"]?.intValue,
            model: result["model"]?.stringValue
        )
    }
}
