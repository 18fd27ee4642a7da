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
    public struct Argument: Sendable, Hashable, Codable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public struct Context: Sendable, Hashable, Codable {
        public var arguments: [String: String]?
        public init(arguments: [String: String]? = nil) { self.arguments = arguments }
    }

    public var ref: CompletionReference
    public var argument: Argument
    public var context: Context?

    public init(ref: CompletionReference, argument: Argument, context: Context? = nil) {
        self.ref = ref
        self.argument = argument
        self.context = context
    }
}

/// `completion/complete` result.
public struct CompleteResult: Sendable, Hashable, Codable {
    public struct Completion: Sendable, Hashable, Codable {
        /// At most 100 suggestions.
        public var values: [String]
        public var total: Int?
        public var hasMore: Bool?
        public init(values: [String], total: Int? = nil, hasMore: Bool? = nil) {
            self.values = values
            self.total = total
            self.hasMore = hasMore
        }
    }

    public var completion: Completion
    public init(completion: Completion) { self.completion = completion }
}
