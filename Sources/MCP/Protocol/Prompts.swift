/// An argument a prompt template accepts.
public struct PromptArgument: Sendable, Hashable, Codable {
    public var name: String
    public var title: String?
    public var description: String?
    public var required: Bool?

    public init(name: String, title: String? = nil, description: String? = nil, required: Bool? = nil) {
        self.name = name
        self.title = title
        self.description = description
        self.required = required
    }
}

/// A prompt template as listed by `prompts/list`.
public struct Prompt: Sendable, Hashable, Codable {
    public var name: String
    public var title: String?
    public var description: String?
    public var arguments: [PromptArgument]?

    public init(name: String, title: String? = nil, description: String? = nil, arguments: [PromptArgument]? = nil) {
        self.name = name
        self.title = title
        self.description = description
        self.arguments = arguments
    }
}

/// `prompts/list` result.
public struct ListPromptsResult: Sendable, Hashable, Codable {
    public var prompts: [Prompt]
    public var nextCursor: String?
    public init(prompts: [Prompt], nextCursor: String? = nil) {
        self.prompts = prompts
        self.nextCursor = nextCursor
    }
}

/// `prompts/get` parameters.
public struct GetPromptParams: Sendable, Hashable, Codable {
    public var name: String
    public var arguments: [String: String]?
    public init(name: String, arguments: [String: String]? = nil) {
        self.name = name
        self.arguments = arguments
    }
}

/// One message of a rendered prompt.
public struct PromptMessage: Sendable, Hashable, Codable {
    public var role: Role
    public var content: ContentBlock
    public init(role: Role, content: ContentBlock) {
        self.role = role
        self.content = content
    }
}

/// `prompts/get` result.
public struct GetPromptResult: Sendable, Hashable, Codable {
    public var description: String?
    public var messages: [PromptMessage]
    public init(description: String? = nil, messages: [PromptMessage]) {
        self.description = description
        self.messages = messages
    }
}
