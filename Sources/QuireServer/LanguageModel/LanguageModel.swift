/// What a language model answered, with token counts when the provider reported them.
public struct Completion: Sendable, Hashable {
    /// The model's answer.
    public var text: String
    /// Prompt tokens, when the model reported them.
    public var inputTokens: Int?
    /// Completion tokens, when the model reported them.
    public var outputTokens: Int?
    /// The model that answered, when the provider said.
    public var model: String?

    /// Creates a `Completion` from its members.
    public init(text: String, inputTokens: Int? = nil, outputTokens: Int? = nil, model: String? = nil) {
        self.text = text
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.model = model
    }
}

/// A language model the enhancement tools can ask: the client's (MCP sampling) or an
/// OpenAI-compatible chat endpoint.
///
/// Failures are thrown as tool errors with code `-32005` whose message says which provider
/// failed and why; cancellation is thrown as `CancellationError`.
public protocol LanguageModel: Sendable {
    /// Where answers come from, for results and logs: `"sampling"` or `"chat-completions"`.
    var provider: String { get }
    /// Asks for one answer to `prompt` under the instructions in `system`.
    func complete(system: String, prompt: String, maxTokens: Int) async throws -> Completion
}
