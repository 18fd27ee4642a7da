import Foundation

/// One ContextFrame record ("frame"): text, metadata, relationships, an optional embedding and raw bytes.
///
/// Property names are the Swift spelling of the ContextFrame snake_case fields (see ``DocumentField``).
/// ``DocumentStore`` validates every document it writes and fills in ``uuid`` when it is empty.
public struct Document: Sendable, Equatable {
    /// The record's id: a UUID in lower-case hex. Empty means "generate one" when adding.
    public var uuid: String
    /// The title; required and non-empty.
    public var title: String
    /// The main text, `text_content` (called `content` in tool APIs). Indexed for full-text search.
    public var textContent: String?
    /// The embedding vector; its length must equal the store's embedding dimension. `nil` when absent.
    public var embedding: [Float]?
    /// The document's own semantic version (`X.Y.Z`); not the store version.
    public var version: String?
    /// Why this document matters.
    public var context: String?
    /// Where the document lives, as a URI.
    public var uri: String?
    /// Where the document lives on the local disk.
    public var localPath: String?
    /// The document's IPFS content identifier.
    public var cid: String?
    /// The name of the collection the document belongs to.
    public var collection: String?
    /// The id of the collection the document belongs to.
    public var collectionID: String?
    /// What kind of id ``collectionID`` is: `uuid`, `uri`, `cid` or `string`.
    public var collectionIDType: String?
    /// The document's order within its collection; at least 0.
    public var position: Int?
    /// The main author.
    public var author: String?
    /// Other contributors.
    public var contributors: [String]
    /// Free-form tags.
    public var tags: [String]
    /// When the document was created. Kept across updates.
    public var createdAt: Date
    /// When the document was last written. Set by the store on every write.
    public var updatedAt: Date
    /// Free-text status such as `draft`, `published`, `archived`, `deprecated`.
    public var status: String?
    /// The file the document was imported from.
    public var sourceFile: String?
    /// The kind of source, e.g. a MIME type or `pdf`.
    public var sourceType: String?
    /// The URL the document was fetched from.
    public var sourceURL: String?
    /// Typed links to other records or resources.
    public var relationships: [Relationship]
    /// String-to-string metadata (ContextFrame's `custom_metadata`, also the home of `x_*` keys).
    public var customMetadata: [String: String]
    /// The kind of record.
    public var recordType: RecordType
    /// Raw bytes, e.g. an image. Read back only on request.
    public var rawData: Data?
    /// The MIME type of ``rawData``.
    public var rawDataType: String?

    /// Creates a document. Only `title` is required; `uuid` empty means "generate one when adding".
    public init(
        uuid: String = "",
        title: String,
        textContent: String? = nil,
        embedding: [Float]? = nil,
        version: String? = nil,
        context: String? = nil,
        uri: String? = nil,
        localPath: String? = nil,
        cid: String? = nil,
        collection: String? = nil,
        collectionID: String? = nil,
        collectionIDType: String? = nil,
        position: Int? = nil,
        author: String? = nil,
        contributors: [String] = [],
        tags: [String] = [],
        createdAt: Date = Date(),
        updatedAt: Date = Date(),
        status: String? = nil,
        sourceFile: String? = nil,
        sourceType: String? = nil,
        sourceURL: String? = nil,
        relationships: [Relationship] = [],
        customMetadata: [String: String] = [:],
        recordType: RecordType = .document,
        rawData: Data? = nil,
        rawDataType: String? = nil
    ) {
        self.uuid = uuid
        self.title = title
        self.textContent = textContent
        self.embedding = embedding
        self.version = version
        self.context = context
        self.uri = uri
        self.localPath = localPath
        self.cid = cid
        self.collection = collection
        self.collectionID = collectionID
        self.collectionIDType = collectionIDType
        self.position = position
        self.author = author
        self.contributors = contributors
        self.tags = tags
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.status = status
        self.sourceFile = sourceFile
        self.sourceType = sourceType
        self.sourceURL = sourceURL
        self.relationships = relationships
        self.customMetadata = customMetadata
        self.recordType = recordType
        self.rawData = rawData
        self.rawDataType = rawDataType
    }
}
