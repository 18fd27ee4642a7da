/// The rules every document must pass before it is written.
enum DocumentValidator {
    /// The values ContextFrame allows for `collection_id_type`.
    static let collectionIDTypes: Set<String> = ["uuid", "uri", "cid", "string"]

    private static let base58Alphabet = Set("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)
    private static let base32Alphabet = Set("abcdefghijklmnopqrstuvwxyz234567".utf8)

    /// Throws the first rule `document` breaks, naming the field. Expects a normalized uuid.
    static func validate(_ document: Document, embeddingDimension: Int) throws(StoreError) {
        _ = try DocumentUUID.require(document.uuid)
        if document.title.allSatisfy(\.isWhitespace) {
            throw StoreError.validation(field: "title", message: "a title is required and must not be blank")
        }
        if let embedding = document.embedding {
            guard embedding.count == embeddingDimension else {
                throw StoreError.embeddingDimensionMismatch(expected: embeddingDimension, got: embedding.count)
            }
            guard embedding.allSatisfy(\.isFinite) else {
                throw StoreError.validation(field: "vector", message: "embedding values must be finite numbers")
            }
        }
        if let position = document.position, position < 0 || position > Int(Int32.max) {
            throw StoreError.validation(field: "position", message: "\(position) is out of range; use 0…\(Int32.max)")
        }
        if let type = document.collectionIDType, !collectionIDTypes.contains(type) {
            throw StoreError.validation(
                field: "collection_id_type",
                message: "'\(type)' is not one of uuid, uri, cid, string"
            )
        }
        if let cid = document.cid, !isPlausibleCID(cid) {
            throw StoreError.validation(
                field: "cid",
                message: "'\(cid)' is not an IPFS CID (base58btc 'Qm…' of 46 characters or base32 'b…')"
            )
        }
        for (index, relationship) in document.relationships.enumerated() where !relationship.hasTarget {
            throw StoreError.validation(
                field: "relationships[\(index)]",
                message: "a relationship needs a target: set id, uri, path or cid"
            )
        }
        if document.customMetadata.keys.contains(where: \.isEmpty) {
            throw StoreError.validation(field: "custom_metadata", message: "keys must not be empty")
        }
        guard Timestamp.isRepresentable(document.createdAt) else {
            throw StoreError.validation(field: "created_at", message: "must fall in the years 0000–9999")
        }
        guard Timestamp.isRepresentable(document.updatedAt) else {
            throw StoreError.validation(field: "updated_at", message: "must fall in the years 0000–9999")
        }
    }

    /// A loose CID check: CIDv0 (`Qm` + 44 base58btc characters) or a base32 CIDv1 (`b` + lower-case base32).
    static func isPlausibleCID(_ cid: String) -> Bool {
        let bytes = Array(cid.utf8)
        if bytes.count == 46, cid.hasPrefix("Qm") {
            return bytes.allSatisfy(base58Alphabet.contains)
        }
        if bytes.count >= 10, bytes.first == UInt8(ascii: "b") {
            return bytes.dropFirst().allSatisfy(base32Alphabet.contains)
        }
        return false
    }
}
