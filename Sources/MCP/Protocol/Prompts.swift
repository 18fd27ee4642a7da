/// An argument a prompt template accepts.
public struct PromptArgument: Sendable, Hashable, Codable {
    /// The programmatic name.
    public var name: String
    /// A human-readable name for display.
    public var title: String?
    public var description: String?
    /// Whether the argument must be given.
    public var required: Bool?

    /// Creates a `PromptArgument` from its members.
    public init(name: String, title: String? = nil, description: String? = nil, required: Bool? = nil) {
        self.name = name
        self.title = title
        self.description = description
        self.required = required
    }
}

/// A prompt template as listed by `prompts/list`.
public struct Prompt: Sendable, Hashable, Codable {
    /// The programmatic name.
    public var name: String
    /// A human-readable name for display.
    public var title: String?
    public var description: String?
    /// The arguments.
    public var arguments: [PromptArgument]?

    /// Creates a `Prompt` from its members.
    public init(name: String, title: String? = nil, description: String? = nil, arguments: [PromptArgument]? = nil) {
        self.name = name
        self.title = title
        self.description = description
        self.arguments = arguments
    }
}

/// `prompts/list` result.
public struct ListPromptsResult: Sendable, Hashable, Codable {
    /// The prompts on this page.
    public var prompts: [Prompt]
    /// The cursor for the next page; `nil` on the last page.
    public var nextCursor: String?
    /// Creates a `ListPromptsResult` from its members.
    public init(prompts: [Prompt], nextCursor: String? = nil) {
        self.prompts = prompts
        self.nextCursor = nextCursor
    }
}

/// `prompts/get` parameters.
public struct GetPromptParams: Sendable, Hashable, Codable {
    /// The programmatic name.
    public var name: String
    /// The arguments.
    public var arguments: [String: String]?
    /// Creates a `GetPromptParams` from its members.
    public init(name: String, arguments: [String: String]? = nil) {
        self.name = name
        self.arguments = arguments
    }
}

/// One message of a rendered prompt.
public struct PromptMessage: Sendable, Hashable, Codable {
    /// Who speaks: `user` or `assistant`.
    public var role: Role
    /// The content.
    public var content: ContentBlock
    /// Creates a `PromptMessage` from its members.
    public init(role: Role, content: ContentBlock) {
        self.role = role
        self.content = content
    }
}

/// `prompts/get` result.
public struct GetPromptResult: Sendable, Hashable, Codable {
    public var description: String?
    /// The prompt's messages, in order.
    public var messages: [PromptMessage]
    /// Creates a `GetPromptResult` from its members.
    public init(description: String? = nil, messages: [PromptMessage]) {
        self.description = description
        self.messages = messages
    }
}
