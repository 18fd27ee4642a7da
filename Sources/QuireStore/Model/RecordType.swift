/// The kind of a stored record, ContextFrame's `record_type`.
public enum RecordType: String, CaseIterable, Sendable, Hashable {
    /// An ordinary document; the default.
    case document
    /// The header record of a collection; its `uuid` is the collection id.
    case collectionHeader = "collection_header"
    /// The header record describing the whole dataset.
    case datasetHeader = "dataset_header"
    /// An analysis record that cites source documents.
    case frameset
}
