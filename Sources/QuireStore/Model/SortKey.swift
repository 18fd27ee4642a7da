/// One key of a listing's sort order.
public struct SortKey: Sendable, Equatable {
    /// The field to sort by; lists and maps cannot be sorted.
    public var field: DocumentField
    /// Whether larger values come first.
    public var descending: Bool

    /// Creates a sort key.
    public init(field: DocumentField, descending: Bool = false) {
        self.field = field
        self.descending = descending
    }

    /// Parses `"title"`, `"+title"` (ascending) or `"-created_at"` (descending).
    ///
    /// - Throws: ``FilterError/unknownField(_:)`` for an unknown field and
    ///   ``FilterError/unsortable(field:)`` for a list or map field.
    public static func parse(_ text: String) throws(FilterError) -> SortKey {
        var name = Substring(text)
        var descending = false
        if name.hasPrefix("-") {
            descending = true
            name = name.dropFirst()
        } else if name.hasPrefix("+") {
            name = name.dropFirst()
        }
        guard let field = DocumentField(rawValue: String(name)) else {
            throw FilterError.unknownField(String(name))
        }
        let key = SortKey(field: field, descending: descending)
        try key.validate()
        return key
    }

    /// Rejects fields whose stored form (JSON text) has no meaningful order.
    func validate() throws(FilterError) {
        switch field.kind {
        case .text, .integer, .timestamp: return
        case .stringList, .relationshipList, .stringMap: throw FilterError.unsortable(field: field.rawValue)
        }
    }
}
