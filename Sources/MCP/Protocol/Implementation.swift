/// The name and version of an MCP client or server.
public struct Implementation: Sendable, Hashable, Codable {
    /// The programmatic name.
    public var name: String
    /// The implementation's version.
    public var version: String
    /// A human-readable name for display.
    public var title: String?
    public var description: String?
    /// The implementation's website.
    public var websiteUrl: String?

    /// Creates a `Implementation` from its members.
    public init(name: String, version: String, title: String? = nil, description: String? = nil, websiteUrl: String? = nil) {
        self.name = name
        self.version = version
        self.title = title
        self.description = description
        self.websiteUrl = websiteUrl
    }
}
