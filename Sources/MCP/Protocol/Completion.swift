/// What a completion request is about: a prompt argument or a resource-template variable.
public enum CompletionReference: Sendable, Hashable, Codable {
    case prompt(name: String)
    case resourceTemplate(uri: String)

    private enum Keys: String, CodingKey { case type, name, uri }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        switch try container.decode(String.self, forKey: .type) {
        case "ref/prompt": self = .prompt(name: try container.decode(String.self, forKey: .name))
        case "ref/resource": self = .resourceTemplate(uri: try container.decode(String.self, forKey: .uri))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .type, in: container, debugDescription: "unknown reference type \"\(other)\"")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        switch self {
        case .prompt(let name):
            try container.encode("ref/prompt", forKey: .type)
            try container.encode(name, forKey: .name)
        case .resourceTemplate(let uri):
            try container.encode("ref/resource", forKey: .type)
            try container.encode(uri, forKey: .uri)
        }
    }
}

/// `completion/complete` parameters.
public struct CompleteParams: Sendable, Hashable, Codable {
    /// The argument being completed: its name and the value typed so far.
    public struct Argument: Sendable, Hashable, Codable {
        /// The programmatic name.
        public var name: String
        /// The value typed so far.
        public var value: String
        /// Creates a `Argument` from its members.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Other arguments' values, which may narrow the suggestions.
    public struct Context: Sendable, Hashable, Codable {
        /// The arguments.
        public var arguments: [String: String]?
        /// Creates a `Context` from its members.
        public init(arguments: [String: String]? = nil) { self.arguments = arguments }
    }

    /// The prompt or resource template being completed.
    public var ref: CompletionReference
    /// The argument being completed.
    public var argument: Argument
    /// Values of the other arguments, already resolved.
    public var context: Context?

    /// Creates a `CompleteParams` from its members.
    public init(ref: CompletionReference, argument: Argument, context: Context? = nil) {
        self.ref = ref
        self.argument = argument
        self.context = context
    }
}

/// `completion/complete` result.
public struct CompleteResult: Sendable, Hashable, Codable {
    /// The suggestions: at most 100 values, with the total when known.
    public struct Completion: Sendable, Hashable, Codable {
        /// At most 100 suggestions.
        public var values: [String]
        /// The total amount of work, when known.
        public var total: Int?
        /// Whether there are more values than returned.
        public var hasMore: Bool?
        /// Creates a `Completion` from its members.
        public init(values: [String], total: Int? = nil, hasMore: Bool? = nil) {
            self.values = values
            self.total = total
            self.hasMore = hasMore
        }
    }

    /// The suggested values.
    public var completion: Completion
    /// Creates a `CompleteResult` from its members.
    public init(completion: Completion) { self.completion = completion }
}
