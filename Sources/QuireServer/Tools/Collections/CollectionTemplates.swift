/// The collection templates of ContextFrame (`contextframe/mcp/collections/templates.py`): each
/// adds default shared metadata, which the caller's own `metadata` overrides key by key.
struct CollectionTemplate: Sendable {
    let name: String
    let defaults: [String: String]

    /// Every template, by name.
    static let all: [String: CollectionTemplate] = Dictionary(
        uniqueKeysWithValues: [
            CollectionTemplate(name: "project", defaults: ["x_template": "project", "x_domain": "software"]),
            CollectionTemplate(name: "research", defaults: ["x_template": "research", "x_domain": "academic"]),
            CollectionTemplate(
                name: "knowledge_base",
                defaults: ["x_template": "knowledge_base", "x_domain": "documentation", "x_searchable": "true"]
            ),
            CollectionTemplate(name: "dataset", defaults: ["x_template": "dataset", "x_domain": "ml", "x_version": "1.0"]),
            CollectionTemplate(
                name: "legal",
                defaults: ["x_template": "legal", "x_domain": "legal", "x_access_control": "restricted"]
            ),
        ].map { ($0.name, $0) }
    )

    /// Template names in a stable order, for schemas and messages.
    static let names = ["project", "research", "knowledge_base", "dataset", "legal"]

    /// `metadata` over this template's defaults.
    func merged(with metadata: [String: String]) -> [String: String] {
        defaults.merging(metadata) { _, given in given }
    }
}
