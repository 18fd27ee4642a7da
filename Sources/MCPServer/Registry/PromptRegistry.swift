import MCP

/// Renders a prompt from its string arguments.
public typealias PromptHandler = @Sendable (_ arguments: [String: String], _ context: RequestContext) async throws -> GetPromptResult

/// A prompt template and the code that renders it.
public struct PromptDefinition: Sendable {
    public var prompt: Prompt
    public var handler: PromptHandler

    public init(_ prompt: Prompt, handler: @escaping PromptHandler) {
        self.prompt = prompt
        self.handler = handler
    }
}

/// The prompts a server offers, in registration order.
public struct PromptRegistry: Sendable {
    public private(set) var definitions: [PromptDefinition] = []

    public init(_ definitions: [PromptDefinition] = []) { self.definitions = definitions }

    public mutating func register(_ definition: PromptDefinition) {
        definitions.removeAll { $0.prompt.name == definition.prompt.name }
        definitions.append(definition)
    }

    public subscript(name: String) -> PromptDefinition? { definitions.first { $0.prompt.name == name } }
    public var prompts: [Prompt] { definitions.map(\.prompt) }
    public var isEmpty: Bool { definitions.isEmpty }
}
