/// Writes change-log snapshots (``DocumentJSON/Snapshot``) straight to text.
///
/// Every write logs a snapshot, so on bulk imports `JSONEncoder` (which builds a tree of boxed
/// values and sorts keys at run time) was a large share of the cost. This writer emits the same
/// bytes as `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]`: keys in the fixed sorted
/// order, absent optionals omitted, the same string escapes. `custom_metadata`, whose keys are
/// arbitrary, is still encoded by `JSONEncoder` when it is not empty, so key order there stays
/// exactly the encoder's. A test compares both encodings on varied documents.
struct SnapshotWriter {
    private var text = ""

    /// The snapshot JSON of `document`.
    static func snapshot(_ document: Document) throws(StoreError) -> String {
        var writer = SnapshotWriter()
        let textLength = document.textContent?.utf8.count ?? 0
        writer.text.reserveCapacity(textLength + textLength / 16 + 512)
        try writer.write(document)
        return writer.text
    }

    /// A JSON array of strings, byte for byte as `JSONEncoder` writes it (for the `tags` and
    /// `contributors` columns).
    static func stringArray(_ values: [String]) -> String {
        var writer = SnapshotWriter()
        writer.strings(values)
        return writer.text
    }

    private mutating func write(_ document: Document) throws(StoreError) {
        text += "{"
        var first = true
        member("author", document.author, &first)
        member("cid", document.cid, &first)
        member("collection", document.collection, &first)
        member("collection_id", document.collectionID, &first)
        member("collection_id_type", document.collectionIDType, &first)
        member("context", document.context, &first)
        key("contributors", &first)
        strings(document.contributors)
        member("created_at", Timestamp.format(document.createdAt), &first)
        key("custom_metadata", &first)
        text += document.customMetadata.isEmpty ? "{}" : try DocumentJSON.encode(document.customMetadata)
        key("has_embedding", &first)
        text += document.embedding != nil ? "true" : "false"
        member("local_path", document.localPath, &first)
        if let position = document.position {
            key("position", &first)
            text += String(position)
        }
        member("raw_data_type", document.rawDataType, &first)
        member("record_type", document.recordType.rawValue, &first)
        key("relationships", &first)
        relationships(document.relationships)
        member("source_file", document.sourceFile, &first)
        member("source_type", document.sourceType, &first)
        member("source_url", document.sourceURL, &first)
        member("status", document.status, &first)
        key("tags", &first)
        strings(document.tags)
        member("text_content", document.textContent, &first)
        member("title", document.title, &first)
        member("updated_at", Timestamp.format(document.updatedAt), &first)
        member("uri", document.uri, &first)
        member("uuid", document.uuid, &first)
        member("version", document.version, &first)
        text += "}"
    }

    private mutating func relationships(_ relationships: [Relationship]) {
        text += "["
        for (index, relationship) in relationships.enumerated() {
            if index > 0 { text += "," }
            text += "{"
            var first = true
            // The keys of DocumentJSON.RelationshipObject, sorted.
            member("cid", relationship.cid, &first)
            member("description", relationship.description, &first)
            member("id", relationship.id, &first)
            member("path", relationship.path, &first)
            member("title", relationship.title, &first)
            member("type", relationship.type.rawValue, &first)
            member("uri", relationship.uri, &first)
            text += "}"
        }
        text += "]"
    }

    private mutating func strings(_ values: [String]) {
        text += "["
        for (index, value) in values.enumerated() {
            if index > 0 { text += "," }
            string(value)
        }
        text += "]"
    }

    /// `"name":value` when `value` is present; nothing otherwise (as `encodeIfPresent`).
    private mutating func member(_ name: StaticString, _ value: String?, _ first: inout Bool) {
        guard let value else { return }
        key(name, &first)
        string(value)
    }

    private mutating func key(_ name: StaticString, _ first: inout Bool) {
        if !first { text += "," }
        first = false
        text += "\""
        text += name.description
        text += "\":"
    }

    /// A JSON string as `JSONEncoder` writes it: `"` and `\` escaped, the two-letter escapes for
    /// backspace, tab, newline, form feed and return, `\u00xx` (lower-case hex) for the other
    /// control characters, everything else (including `/`, DEL and non-ASCII) as is.
    private mutating func string(_ value: String) {
        text += "\""
        let utf8 = value.utf8
        // Fast path: most text needs no escaping and is appended in one piece.
        if !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            text += value
            text += "\""
            return
        }
        var pending = utf8.startIndex
        var index = utf8.startIndex
        while index < utf8.endIndex {
            let byte = utf8[index]
            let escape: String?
            switch byte {
            case UInt8(ascii: "\""): escape = "\\\""
            case UInt8(ascii: "\\"): escape = "\\\\"
            case 0x08: escape = "\\b"
            case 0x09: escape = "\\t"
            case 0x0A: escape = "\\n"
            case 0x0C: escape = "\\f"
            case 0x0D: escape = "\\r"
            case 0..<0x20:
                let hex = Array("0123456789abcdef")
                escape = "\\u00" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0x0F)])
            default: escape = nil
            }
            if let escape {
                text += String(Substring(utf8[pending..<index]))
                text += escape
                pending = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        text += String(Substring(utf8[pending..<utf8.endIndex]))
        text += "\""
    }
}
