import Foundation
import GRDB
import Testing
@testable import QuireStore

@Suite("Row encoding on the write path")
struct RowCodecTests {
    /// The hand-ordered value list must match the column list, column by column.
    @Test func valuesFollowTheColumnOrder() throws {
        let created = Date(timeIntervalSince1970: 1_700_000_000.123)
        let documents = [
            Document(uuid: "6f1c2d3e-0000-4000-8000-000000000001", title: "Minimal", createdAt: created, updatedAt: created),
            Document(
                uuid: "6f1c2d3e-0000-4000-8000-000000000002", title: "T", textContent: "text", embedding: [3, 4],
                version: "1", context: "c", uri: "u", localPath: "l", cid: "cid", collection: "col",
                collectionID: "6f1c2d3e-0000-4000-8000-0000000000ff", collectionIDType: "uuid", position: 7, author: "a",
                contributors: ["x", "y"], tags: ["t"], createdAt: created, updatedAt: created.addingTimeInterval(1),
                status: "s", sourceFile: "f", sourceType: "st", sourceURL: "su",
                relationships: [Relationship(type: .parent, id: "6f1c2d3e-0000-4000-8000-000000000003")],
                customMetadata: ["k": "v"], recordType: .collectionHeader, rawData: Data([9]), rawDataType: "bin"
            ),
        ]
        for document in documents {
            let expected = try StoreSchema.documentColumns.map { try DocumentRowCodec.value(of: $0, in: document) }
                + [document.embedding.map { VectorCodec.norm($0) }.databaseValue]
            #expect(try DocumentRowCodec.values(document) == expected)
        }
    }

    /// The escape scan works 16 bytes at a time: a character needing an escape is found at every
    /// position, including the last ones after the whole blocks.
    @Test func escapesAreFoundAtEveryPosition() throws {
        for special in ["\"", "\\", "\n", "\u{1}"] {
            for position in 0..<40 {
                var characters = Array(repeating: "a", count: 40)
                characters[position] = special
                let text = characters.joined()
                let document = Document(uuid: "6f1c2d3e-0000-4000-8000-000000000009", title: text, textContent: text)
                #expect(try DocumentJSON.snapshot(document) == DocumentJSON.encodedSnapshot(document))
            }
        }
    }

    /// The hand-written formatter agrees with Foundation's ISO 8601 formatter.
    @Test func timestampsMatchFoundationsFormatter() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        var random = SeededRandom(seed: 5)
        for _ in 0..<500 {
            // 1900…2200, whole milliseconds.
            let milliseconds = Int64.random(in: -2_208_988_800_000...7_258_118_400_000, using: &random)
            let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
            #expect(Timestamp.format(date) == formatter.string(from: date))
        }
        #expect(Timestamp.format(Date(timeIntervalSince1970: -62_135_596_800)) == "0001-01-01T00:00:00.000Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 253_402_300_799.999)) == "9999-12-31T23:59:59.999Z")
    }
}
