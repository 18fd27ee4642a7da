import MCP

/// Reads a resource. Template handlers get the variables matched from the URI.
public typealias ResourceReader = @Sendable (_ uri: String, _ variables: [String: String], _ context: RequestContext) async throws -> ReadResourceResult

/// Offers completions for a template variable given what the user typed so far.
public typealias VariableCompleter = @Sendable (_ variable: String, _ prefix: String, _ context: RequestContext) async throws -> [String]

/// Thrown by a reader when the URI names nothing; answered with the spec's not-found error.
public struct ResourceNotFound: Error, Sendable {
    public var uri: String
    public init(uri: String) { self.uri = uri }
}

/// A fixed resource and its reader.
public struct ResourceDefinition: Sendable {
    public var resource: Resource
    public var reader: ResourceReader

    public init(_ resource: Resource, reader: @escaping ResourceReader) {
        self.resource = resource
        self.reader = reader
    }
}

/// A resource template, its reader, and optionally completions for its variables.
public struct ResourceTemplateDefinition: Sendable {
    public var template: ResourceTemplate
    public var matcher: URITemplate
    public var reader: ResourceReader
    public var completer: VariableCompleter?

    public init(_ template: ResourceTemplate, completer: VariableCompleter? = nil, reader: @escaping ResourceReader) {
        self.template = template
        self.matcher = URITemplate(template.uriTemplate)
        self.reader = reader
        self.completer = completer
    }
}

/// The resources and templates a server offers, in registration order.
public struct ResourceRegistry: Sendable {
    public private(set) var resources: [ResourceDefinition] = []
    public private(set) var templates: [ResourceTemplateDefinition] = []

    public init() {}

    public mutating func register(_ definition: ResourceDefinition) {
        resources.removeAll { $0.resource.uri == definition.resource.uri }
        resources.append(definition)
    }

    public mutating func register(_ definition: ResourceTemplateDefinition) {
        templates.removeAll { $0.template.uriTemplate == definition.template.uriTemplate }
        templates.append(definition)
    }

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
