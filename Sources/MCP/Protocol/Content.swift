/// Optional hints on content for the client: who it is for and how much it matters.
public struct Annotations: Sendable, Hashable, Codable {
    /// Who the content is for (`user`, `assistant`).
    public var audience: [Role]?
    /// How important the content is, from 0 (least) to 1 (most).
    public var priority: Double?
    /// When the content last changed (ISO 8601).
    public var lastModified: String?

    /// Creates a `Annotations` from its members.
    public init(audience: [Role]? = nil, priority: Double? = nil, lastModified: String? = nil) {
        self.audience = audience
        self.priority = priority
        self.lastModified = lastModified
    }
}

/// The sender of a prompt message, or the audience of content.
public enum Role: String, Sendable, Hashable, Codable {
    case user, assistant
}

/// The contents of a resource: text or base64 bytes.
public struct ResourceContents: Sendable, Hashable, Codable {
    /// The resource's URI.
    public var uri: String
    /// The MIME type of the content, when known.
    public var mimeType: String?
    /// The text.
    public var text: String?
    /// Base64-encoded bytes, for binary contents.
    public var blob: String?

    /// Creates a `ResourceContents` from its members.
    public init(uri: String, mimeType: String? = nil, text: String? = nil, blob: String? = nil) {
        self.uri = uri
        self.mimeType = mimeType
        self.text = text
        self.blob = blob
    }
}

/// One block of content in a tool result or prompt message.
public enum ContentBlock: Sendable, Hashable {
    case text(String, annotations: Annotations? = nil)
    /// Base64 image data and its MIME type.
    case image(data: String, mimeType: String, annotations: Annotations? = nil)
    /// Base64 audio data and its MIME type.
    case audio(data: String, mimeType: String, annotations: Annotations? = nil)
    /// A resource embedded in full.
    case resource(ResourceContents, annotations: Annotations? = nil)
    /// A link to a resource the client may read.
    case resourceLink(Resource)
}

extension ContentBlock: Codable {
    private enum Keys: String, CodingKey {
        case type, text, data, mimeType, resource, annotations, uri, name, title, description, size
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        let annotations = try container.decodeIfPresent(Annotations.self, forKey: .annotations)
        switch try container.decode(String.self, forKey: .type) {
        case "text":
            self = .text(try container.decode(String.self, forKey: .text), annotations: annotations)
        case "image":
            self = .image(data: try container.decode(String.self, forKey: .data), mimeType: try container.decode(String.self, forKey: .mimeType), annotations: annotations)
        case "audio":
            self = .audio(data: try container.decode(String.self, forKey: .data), mimeType: try container.decode(String.self, forKey: .mimeType), annotations: annotations)
        case "resource":
            self = .resource(try container.decode(ResourceContents.self, forKey: .resource), annotations: annotations)
        case "resource_link":
            self = .resourceLink(try Resource(from: decoder))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .type, in: container, debugDescription: "unknown content type \"\(other)\"")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        switch self {
        case .text(let text, let annotations):
            try container.encode("text", forKey: .type)
            try container.encode(text, forKey: .text)
            try container.encodeIfPresent(annotations, forKey: .annotations)
        case .image(let data, let mimeType, let annotations), .audio(let data, let mimeType, let annotations):
            if case .image = self { try container.encode("image", forKey: .type) } else { try container.encode("audio", forKey: .type) }
            try container.encode(data, forKey: .data)
            try container.encode(mimeType, forKey: .mimeType)
            try container.encodeIfPresent(annotations, forKey: .annotations)
        case .resource(let contents, let annotations):
            try container.encode("resource", forKey: .type)
            try container.encode(contents, forKey: .resource)
            try container.encodeIfPresent(annotations, forKey: .annotations)
        case .resourceLink(let resource):
            try resource.encode(to: encoder)
            try container.encode("resource_link", forKey: .type)
        }
    }
}
