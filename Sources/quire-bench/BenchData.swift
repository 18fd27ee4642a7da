import Foundation
import QuireStore

/// The generated corpus and queries (see `bench/gen_corpus.py`), read from JSONL.
struct BenchData {
    /// One query: free text, an embedding, and how many hits to ask for.
    struct Query {
        var text: String
        var embedding: [Float]
        var limit: Int
    }

    var documents: [Document]
    var queries: [Query]

    private struct CorpusLine: Decodable {
        var uuid: String
        var title: String
        var text: String
        var tags: [String]
        var author: String
        var embedding: String
    }

    private struct QueryLine: Decodable {
        var text: String
        var embedding: String
        var limit: Int
    }

    struct FormatError: Error, CustomStringConvertible {
        var description: String
    }

    /// Reads the queries, and the corpus unless `corpus` is `nil` (searching an existing store).
    static func load(corpus: String?, queries: String) throws -> BenchData {
        let decoder = JSONDecoder()
        // One fixed creation date keeps both stores' rows identical in shape and size.
        let created = Date(timeIntervalSince1970: 1_700_000_000)
        let documents = try (corpus.map(lines(of:)) ?? []).map { line -> Document in
            let record = try decoder.decode(CorpusLine.self, from: line)
            return Document(
                uuid: record.uuid,
                title: record.title,
                textContent: record.text,
                embedding: try floats(record.embedding),
                author: record.author,
                tags: record.tags,
                createdAt: created
            )
        }
        let queryList = try lines(of: queries).map { line -> Query in
            let record = try decoder.decode(QueryLine.self, from: line)
            return Query(text: record.text, embedding: try floats(record.embedding), limit: record.limit)
        }
        return BenchData(documents: documents, queries: queryList)
    }

    private static func lines(of path: String) throws -> [Data] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return data.split(separator: UInt8(ascii: "\n")).filter { !$0.isEmpty }.map { Data($0) }
    }

    /// Little-endian float32 values from base64.
    private static func floats(_ base64: String) throws -> [Float] {
        guard let data = Data(base64Encoded: base64), data.count % 4 == 0 else {
            throw FormatError(description: "an embedding is not base64 of float32 values")
        }
        return (0..<(data.count / 4)).map { index in
            Float(bitPattern: UInt32(littleEndian: data.withUnsafeBytes {
                $0.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)
            }))
        }
    }
}
