/// What a client declared it can do. Kept as the raw object so unknown and future
/// capabilities survive untouched; the accessors answer the questions servers ask.
public struct ClientCapabilities: Sendable, Hashable, Codable {
    public var raw: [String: JSONValue]

    public init(raw: [String: JSONValue] = [:]) { self.raw = raw }

    /// Whether the capability named `name` (for example `"sampling"`) was declared.
    public func declares(_ name: String) -> Bool { raw[name] != nil && raw[name] != .null }

    public var sampling: Bool { declares("sampling") }
    public var elicitation: Bool { declares("elicitation") }
    public var roots: Bool { declares("roots") }

    public init(from decoder: any Decoder) throws {
        raw = try decoder.singleValueContainer().decode([String: JSONValue].self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(raw)
    }
}

/// What a server offers.
public struct ServerCapabilities: Sendable, Hashable, Codable {
    public struct Tools: Sendable, Hashable, Codable {
        public var listChanged: Bool?
        public init(listChanged: Bool? = nil) { self.listChanged = listChanged }
    }

    public struct Resources: Sendable, Hashable, Codable {
        public var subscribe: Bool?
        public var listChanged: Bool?
        public init(subscribe: Bool? = nil, listChanged: Bool? = nil) {
            self.subscribe = subscribe
            self.listChanged = listChanged
        }
    }

    public struct Prompts: Sendable, Hashable, Codable {
        public var listChanged: Bool?
        public init(listChanged: Bool? = nil) { self.listChanged = listChanged }
    }

    public var tools: Tools?
    public var resources: Resources?
    public var prompts: Prompts?
    public var logging: JSONValue?
    public var completions: JSONValue?
    public var experimental: JSONValue?

    public init(
        tools: Tools? = nil, resources: Resources? = nil, prompts: Prompts? = nil,
        logging: JSONValue? = nil, completions: JSONValue? = nil, experimental: JSONValue? = nil
    ) {
        self.tools = tools
        self.resources = resources
        self.prompts = prompts
        self.logging = logging
        self.completions = completions
        self.experimental = experimental
    }
}
