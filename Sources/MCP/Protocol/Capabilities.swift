/// What a client declared it can do. Kept as the raw object so unknown and future
/// capabilities survive untouched; the accessors answer the questions servers ask.
public struct ClientCapabilities: Sendable, Hashable, Codable {
    /// The capabilities object as the client sent it.
    public var raw: [String: JSONValue]

    /// Creates a `ClientCapabilities` from its members.
    public init(raw: [String: JSONValue] = [:]) { self.raw = raw }

    /// Whether the capability named `name` (for example `"sampling"`) was declared.
    public func declares(_ name: String) -> Bool { raw[name] != nil && raw[name] != .null }

    /// Whether the client can sample its model (`sampling/createMessage`).
    public var sampling: Bool { declares("sampling") }
    /// Whether the client can ask its user for input (`elicitation/create`).
    public var elicitation: Bool { declares("elicitation") }
    /// Whether the client can list its roots (`roots/list`).
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
    /// The `tools` capability.
    public struct Tools: Sendable, Hashable, Codable {
        /// Whether the server notifies when the tool list changes.
        public var listChanged: Bool?
        /// Creates a `Tools` from its members.
        public init(listChanged: Bool? = nil) { self.listChanged = listChanged }
    }

    /// The `resources` capability.
    public struct Resources: Sendable, Hashable, Codable {
        /// Whether clients may subscribe to resource updates.
        public var subscribe: Bool?
        /// Whether the server notifies when the resource list changes.
        public var listChanged: Bool?
        /// Creates a `Resources` from its members.
        public init(subscribe: Bool? = nil, listChanged: Bool? = nil) {
            self.subscribe = subscribe
            self.listChanged = listChanged
        }
    }

    /// The `prompts` capability.
    public struct Prompts: Sendable, Hashable, Codable {
        /// Whether the server notifies when the prompt list changes.
        public var listChanged: Bool?
        /// Creates a `Prompts` from its members.
        public init(listChanged: Bool? = nil) { self.listChanged = listChanged }
    }

    /// Tools, if the server offers any.
    public var tools: Tools?
    /// Resources, if the server offers any.
    public var resources: Resources?
    /// Prompts, if the server offers any.
    public var prompts: Prompts?
    /// Present when the server sends log messages (`logging/setLevel`).
    public var logging: JSONValue?
    /// Present when the server answers `completion/complete`.
    public var completions: JSONValue?
    /// Non-standard capabilities, by name.
    public var experimental: JSONValue?

    /// Creates a `ServerCapabilities` from its members.
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
