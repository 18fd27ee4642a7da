import MCP

/// Renders a prompt from its string arguments.
public typealias PromptHandler = @Sendable (_ arguments: [String: String], _ context: RequestContext) async throws -> GetPromptResult

/// A prompt template and the code that renders it.
public struct PromptDefinition: Sendable {
    /// The prompt as listed.
    public var prompt: Prompt
    /// Builds the prompt's messages from its arguments.
    public var handler: PromptHandler

    /// A prompt and the handler that renders it.
    public init(_ prompt: Prompt, handler: @escaping PromptHandler) {
        self.prompt = prompt
        self.handler = handler
    }
}

/// The prompts a server offers, in registration order.
public struct PromptRegistry: Sendable {
    /// The prompts, in registration order.
    public private(set) var definitions: [PromptDefinition] = []

    /// A registry holding `definitions`.
    public init(_ definitions: [PromptDefinition] = []) { self.definitions = definitions }

    /// Adds a prompt; a later one with the same name replaces it.
    public mutating func register(_ definition: PromptDefinition) {
        definitions.removeAll { $0.prompt.name == definition.prompt.name }
        definitions.append(definition)
    }

    /// The prompt named `name`.
    public subscript(name: String) -> PromptDefinition? { definitions.first { $0.prompt.name == name } }
    /// The prompts as `prompts/list` shows them.
    public var prompts: [Prompt] { definitions.map(\.prompt) }
    /// Whether there are no prompts.
    public var isEmpty: Bool { definitions.isEmpty }
}
