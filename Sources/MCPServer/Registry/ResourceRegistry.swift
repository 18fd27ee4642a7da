import MCP

/// Reads a resource. Template handlers get the variables matched from the URI.
public typealias ResourceReader = @Sendable (_ uri: String, _ variables: [String: String], _ context: RequestContext) async throws -> ReadResourceResult

/// Offers completions for a template variable given what the user typed so far.
public typealias VariableCompleter = @Sendable (_ variable: String, _ prefix: String, _ context: RequestContext) async throws -> [String]

/// Thrown by a reader when the URI names nothing; answered with the spec's not-found error.
public struct ResourceNotFound: Error, Sendable {
    /// The URI that was asked for.
    public var uri: String
    /// A not-found error for `uri`.
    public init(uri: String) { self.uri = uri }
}

/// A fixed resource and its reader.
public struct ResourceDefinition: Sendable {
    /// The resource as listed.
    public var resource: Resource
    /// Reads the resource's contents.
    public var reader: ResourceReader

    /// A resource and its reader.
    public init(_ resource: Resource, reader: @escaping ResourceReader) {
        self.resource = resource
        self.reader = reader
    }
}

/// A resource template, its reader, and optionally completions for its variables.
public struct ResourceTemplateDefinition: Sendable {
    /// The template as listed.
    public var template: ResourceTemplate
    /// Matches URIs against the template and extracts its variables.
    public var matcher: URITemplate
    /// Reads a resource the template names, given its variables.
    public var reader: ResourceReader
    /// Suggests values for the template's variables (`completion/complete`).
    public var completer: VariableCompleter?

    /// A template, its reader and an optional completer.
    public init(_ template: ResourceTemplate, completer: VariableCompleter? = nil, reader: @escaping ResourceReader) {
        self.template = template
        self.matcher = URITemplate(template.uriTemplate)
        self.reader = reader
        self.completer = completer
    }
}

/// The resources and templates a server offers, in registration order.
public struct ResourceRegistry: Sendable {
    /// Fixed resources, in registration order.
    public private(set) var resources: [ResourceDefinition] = []
    /// Resource templates, in registration order.
    public private(set) var templates: [ResourceTemplateDefinition] = []

    /// An empty registry.
    public init() {}

    /// Adds a fixed resource.
    public mutating func register(_ definition: ResourceDefinition) {
        resources.removeAll { $0.resource.uri == definition.resource.uri }
        resources.append(definition)
    }

    /// Adds a resource template.
    public mutating func register(_ definition: ResourceTemplateDefinition) {
        templates.removeAll { $0.template.uriTemplate == definition.template.uriTemplate }
        templates.append(definition)
    }

    /// Whether there are no resources or templates.
    public var isEmpty: Bool { resources.isEmpty && templates.isEmpty }

    /// The reader for `uri` and the variables it matched: an exact resource first, then the
    /// first template that matches.
    public func resolve(_ uri: String) -> (reader: ResourceReader, variables: [String: String])? {
        if let exact = resources.first(where: { $0.resource.uri == uri }) { return (exact.reader, [:]) }
        for template in templates {
            if let variables = template.matcher.match(uri) { return (template.reader, variables) }
        }
        return nil
    }
}
