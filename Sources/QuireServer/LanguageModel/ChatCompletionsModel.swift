import MCP
import MCPServer

/// Asks an OpenAI-compatible `/v1/chat/completions` endpoint (OpenAI, Ollama, vLLM, llama.cpp, …).
struct ChatCompletionsModel: LanguageModel {
    let endpoint: OpenAICompatibleEndpoint

    var provider: String { "chat-completions" }

    func complete(system: String, prompt: String, maxTokens: Int) async throws -> Completion {
        let body: JSONValue = [
            "model": .string(endpoint.model),
            "messages": [
                ["role": "system", "content": .string(system)],
                ["role": "user", "content": .string(prompt)],
            ],
            "max_tokens": .int(maxTokens),
        ]
        let answer: JSONValue
        do {
            answer = try await JSONHTTPClient.post(body, route: "chat/completions", to: endpoint)
        } catch let error as EndpointError {
            throw Self.failure("the language model endpoint \(error.description)", endpoint: endpoint, status: error.status)
        }
        guard let message = answer["choices"]?[0]?["message"] else {
            throw Self.failure("the answer from \(endpoint.host) has no choices[0].message", endpoint: endpoint, status: nil)
        }
        let text: String?
        switch message["content"] {
        case .string(let content)?:
            text = content
        case .array(let parts)?:
            // Some servers send content as typed parts.
            text = parts.compactMap { $0["text"]?.stringValue }.joined()
        default:
            text = nil
        }
        guard let text, !text.isEmpty else {
            throw Self.failure("the answer from \(endpoint.host) has no text content", endpoint: endpoint, status: nil)
        }
        return Completion(
            text: text,
            inputTokens: answer["usage"]?["prompt_tokens"]?.intValue,
            outputTokens: answer["usage"]?["completion_tokens"]?.intValue,
            model: answer["model"]?.stringValue ?? endpoint.model
        )
    }

    private static func failure(_ message: String, endpoint: OpenAICompatibleEndpoint, status: Int?) -> ToolError {
        var data: [String: JSONValue] = ["provider": "chat-completions", "host": .string(endpoint.host)]
        if let status { data["status"] = .int(status) }
        return ToolError(code: ContextFrameErrorCode.noLanguageModel, message: "Language model failed: \(message)", data: .object(data))
    }
}
