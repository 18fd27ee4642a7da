/// A resource as listed by `resources/list`, or linked from a tool result.
public struct Resource: Sendable, Hashable, Codable {
    public var uri: String
    public var name: String
    public var title: String?
    public var description: String?
    public var mimeType: String?
    public var size: Int?

    public init(uri: String, name: String, title: String? = nil, description: String? = nil, mimeType: String? = nil, size: Int? = nil) {
        self.uri = uri
        self.name = name
        self.title = title
        self.description = description
        self.mimeType = mimeType
        self.size = size
    }
}

/// A parameterised family of resources (RFC 6570 URI template).
public struct ResourceTemplate: Sendable, Hashable, Codable {
    public var uriTemplate: String
    public var name: String
    public var title: String?
    public var description: String?
    public var mimeType: String?

    public init(uriTemplate: String, name: String, title: String? = nil, description: String? = nil, mimeType: String? = nil) {
        self.uriTemplate = uriTemplate
        self.name = name
        self.title = title
        self.description = description
        self.mimeType = mimeType
    }
}

/// `resources/list` result.
public struct ListResourcesResult: Sendable, Hashable, Codable {
    public var resources: [Resource]
    public var nextCursor: String?
    public init(resources: [Resource], nextCursor: String? = nil) {
        self.resources = resources
        self.nextCursor = nextCursor
    }
}

/// `resources/templates/list` result.
public struct ListResourceTemplatesResult: Sendable, Hashable, Codable {
    public var resourceTemplates: [ResourceTemplate]
    public var nextCursor: String?
    public init(resourceTemplates: [ResourceTemplate], nextCursor: String? = nil) {
        self.resourceTemplates = resourceTemplates
        self.nextCursor = nextCursor
    }
}

/// `resources/read`, `resources/subscribe` and `resources/unsubscribe` parameters.
public struct ResourceURIParams: Sendable, Hashable, Codable {
    public var uri: String
    public init(uri: String) { self.uri = uri }
}

/// `resources/read` result.
public struct ReadResourceResult: Sendable, Hashable, Codable {
    public var contents: [ResourceContents]
    public init(contents: [ResourceContents]) { self.contents = contents }
}
