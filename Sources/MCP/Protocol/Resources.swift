/// A resource as listed by `resources/list`, or linked from a tool result.
public struct Resource: Sendable, Hashable, Codable {
    /// The resource's URI.
    public var uri: String
    /// The programmatic name.
    public var name: String
    /// A human-readable name for display.
    public var title: String?
    public var description: String?
    /// The MIME type of the content, when known.
    public var mimeType: String?
    /// The size in bytes, when known.
    public var size: Int?

    /// Creates a `Resource` from its members.
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
    /// The RFC 6570 URI template that names the resources.
    public var uriTemplate: String
    /// The programmatic name.
    public var name: String
    /// A human-readable name for display.
    public var title: String?
    public var description: String?
    /// The MIME type of the content, when known.
    public var mimeType: String?

    /// Creates a `ResourceTemplate` from its members.
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
    /// The resources on this page.
    public var resources: [Resource]
    /// The cursor for the next page; `nil` on the last page.
    public var nextCursor: String?
    /// Creates a `ListResourcesResult` from its members.
    public init(resources: [Resource], nextCursor: String? = nil) {
        self.resources = resources
        self.nextCursor = nextCursor
    }
}

/// `resources/templates/list` result.
public struct ListResourceTemplatesResult: Sendable, Hashable, Codable {
    /// The resource templates on this page.
    public var resourceTemplates: [ResourceTemplate]
    /// The cursor for the next page; `nil` on the last page.
    public var nextCursor: String?
    /// Creates a `ListResourceTemplatesResult` from its members.
    public init(resourceTemplates: [ResourceTemplate], nextCursor: String? = nil) {
        self.resourceTemplates = resourceTemplates
        self.nextCursor = nextCursor
    }
}

/// `resources/read`, `resources/subscribe` and `resources/unsubscribe` parameters.
public struct ResourceURIParams: Sendable, Hashable, Codable {
    /// The resource's URI.
    public var uri: String
    /// Creates a `ResourceURIParams` from its members.
    public init(uri: String) { self.uri = uri }
}

/// `resources/read` result.
public struct ReadResourceResult: Sendable, Hashable, Codable {
    /// The resource's contents (text or base64 blobs).
    public var contents: [ResourceContents]
    /// Creates a `ReadResourceResult` from its members.
    public init(contents: [ResourceContents]) { self.contents = contents }
}
