/// What a filter comparison looks at: a document field or one key of `custom_metadata`.
public enum FilterPath: Sendable, Hashable, CustomStringConvertible {
    /// A document column.
    case field(DocumentField)
    /// One key of `custom_metadata`; any string is a valid key.
    case customMetadata(String)

    /// The prefix that selects a `custom_metadata` key in path strings.
    static let customMetadataPrefix = "custom_metadata."

    /// Parses `title`, `created_at`, `custom_metadata.<key>`, ….
    ///
    /// Everything after `custom_metadata.` is the key, dots and quotes included.
    /// - Throws: ``FilterError/unknownField(_:)`` when the name is no document field.
    public static func parse(path: String) throws(FilterError) -> FilterPath {
        if path.hasPrefix(customMetadataPrefix) {
            let key = String(path.dropFirst(customMetadataPrefix.count))
            guard !key.isEmpty else { throw FilterError.unknownField(path) }
            return .customMetadata(key)
        }
        guard let field = DocumentField(rawValue: path) else { throw FilterError.unknownField(path) }
        return .field(field)
    }

    /// The path as written in filters, e.g. `tags` or `custom_metadata.team`.
    public var description: String {
        switch self {
        case let .field(field): return field.rawValue
        case let .customMetadata(key): return FilterPath.customMetadataPrefix + key
        }
    }
}
