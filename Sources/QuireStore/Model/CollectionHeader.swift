/// How a collection is kept in the store: one convention for every tool.
///
/// A collection is a ``RecordType/collectionHeader`` record whose `uuid` is the collection id,
/// `title` its name, `context` its description and `text_content` `Collection: <name>\n\n<description>`.
/// A member (or a sub-collection's header) points at it with `collection_id` = that uuid,
/// `collection_id_type` = `uuid`, `collection` = its name and `position` = order within it.
/// The header's `custom_metadata` holds `collection_template` and `shared_<key>` entries.
public enum CollectionHeader {
    /// The `custom_metadata` key naming the template a collection was created from.
    public static let templateKey = "collection_template"
    /// The prefix of `custom_metadata` keys holding a collection's shared metadata.
    public static let sharedPrefix = "shared_"
    /// The `collection_id_type` of every membership link.
    public static let idType = "uuid"

    /// The header's `text_content` for a name and an optional description.
    public static func text(name: String, description: String?) -> String {
        guard let description, !description.isEmpty else { return "Collection: \(name)" }
        return "Collection: \(name)\n\n\(description)"
    }
}

extension Document {
    /// For a collection header: the template it was created from, if any.
    public var collectionTemplate: String? {
        customMetadata[CollectionHeader.templateKey]
    }

    /// For a collection header: its shared metadata (the `shared_<key>` entries, prefix removed).
    public var sharedMetadata: [String: String] {
        var shared: [String: String] = [:]
        for (key, value) in customMetadata where key.hasPrefix(CollectionHeader.sharedPrefix) {
            shared[String(key.dropFirst(CollectionHeader.sharedPrefix.count))] = value
        }
        return shared
    }
}
