/// The name and version of an MCP client or server.
public struct Implementation: Sendable, Hashable, Codable {
    public var name: String
    public var version: String
    public var title: String?
    public var description: String?
    public var websiteUrl: String?

    public init(name: String, version: String, title: String? = nil, description: String? = nil, websiteUrl: String? = nil) {
        self.name = name
        self.version = version
        self.title = title
        self.description = description
        self.websiteUrl = websiteUrl
    }
}
