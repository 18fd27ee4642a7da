import Foundation
import Testing
@testable import QuireStore

@Suite("Change-log snapshot writer")
struct SnapshotWriterTests {
    /// Text exercising every escape: control characters, quotes, backslashes, slashes, DEL,
    /// non-ASCII letters, combining marks, emoji and the line/paragraph separators.
    static let awkward = "a\"b\\c/d\u{0}\u{1}\u{8}\u{9}\u{A}\u{B}\u{C}\u{D}\u{1F}\u{7F} é e\u{301} 😀 \u{2028}\u{2029} end"

    @Test func matchesJSONEncoderByteForByte() throws {
        let created = Date(timeIntervalSince1970: 1_700_000_000.123)
        let documents = [
            Document(uuid: "6f1c2d3e-0000-4000-8000-000000000001", title: "Minimal", createdAt: created, updatedAt: created),
            Document(
                uuid: "6f1c2d3e-0000-4000-8000-000000000002", title: Self.awkward, textContent: Self.awkward,
                embedding: [1, 2], version: "1.0", context: "ctx", uri: "https://example.com/a/b", localPath: "/tmp/x",
                cid: "bafy", collection: "Set", collectionID: "6f1c2d3e-0000-4000-8000-0000000000ff",
                collectionIDType: "uuid", position: -42, author: "Ann", contributors: ["Bo", Self.awkward, ""],
                tags: ["t1", "t\"2", "ü"], createdAt: created, updatedAt: created.addingTimeInterval(86_400 * 400),
                status: "draft", sourceFile: "a.md", sourceType: "text/markdown", sourceURL: "http://x/y?z=1&w=2",
                relationships: [
                    Relationship(type: .parent, id: "6f1c2d3e-0000-4000-8000-000000000003"),
                    Relationship(type: .memberOf, uri: "u", path: "p", cid: "c", title: Self.awkward, description: "d"),
                ],
                customMetadata: ["b": "1", "B": "2", "a_b": "3", "a10": "x", "a9": "y", "é": Self.awkward, "": ""],
                recordType: .collectionHeader, rawData: Data([1, 2, 3]), rawDataType: "application/octet-stream"
            ),
            Document(uuid: "6f1c2d3e-0000-4000-8000-000000000004", title: "Empty text", textContent: "", position: 0,
                     createdAt: Date(timeIntervalSince1970: -1), updatedAt: created),
        ]
        for document in documents {
            #expect(try DocumentJSON.snapshot(document) == DocumentJSON.encodedSnapshot(document))
        }
        // Random strings over a mix of ASCII, control characters and wider scalars.
        var random = SeededRandom(seed: 77)
        let pool: [Unicode.Scalar] = (0..<0x80).compactMap(Unicode.Scalar.init) + ["é", "ß", "中", "😀", "\u{301}", "\u{2028}", "\u{FEFF}"]
        for index in 0..<200 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0..<40, using: &random) {
                text.append(pool[Int.random(in: 0..<pool.count, using: &random)])
            }
            let value = String(text)
            let document = Document(
                uuid: "6f1c2d3e-0000-4000-8000-\(String(format: "%012d", index))", title: value, textContent: value,
                tags: [value], createdAt: created, updatedAt: created, customMetadata: [value: value]
            )
            #expect(try DocumentJSON.snapshot(document) == DocumentJSON.encodedSnapshot(document))
            let tags = [value, "", Self.awkward]
            #expect(try SnapshotWriter.stringArray(tags) == DocumentJSON.encode(tags))
        }
        #expect(try SnapshotWriter.stringArray([]) == DocumentJSON.encode([String]()))
    }
}
