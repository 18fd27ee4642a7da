import Foundation
import MCP
import QuireStore
import Testing
@testable import QuireServer

@Suite struct FrontMatterTests {
    @Test func readsScalarsQuotesListsAndComments() throws {
        let matter = try #require(FrontMatter.parse("""
            ---
            title: "Quoted: with colon"
            author: 'O''Brien'
            # a comment
            tags: [swift, "mcp, servers", 'x']
            aliases:
              - one
              - "two"
            status: draft # trailing comment
            empty:
            ---
            Body line
            """))
        let values = Dictionary(matter.entries.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        #expect(values["title"] == .scalar("Quoted: with colon"))
        #expect(values["author"] == .scalar("O'Brien"))
        #expect(values["tags"] == .list(["swift", "mcp, servers", "x"]))
        #expect(values["aliases"] == .list(["one", "two"]))
        #expect(values["status"] == .scalar("draft"))
        #expect(values["empty"] == .scalar(""))
        #expect(matter.body == "Body line")
    }

    @Test func withoutAnOpeningOrClosingDelimiterThereIsNone() {
        #expect(FrontMatter.parse("title: x\n---\n") == nil)
        #expect(FrontMatter.parse("---\ntitle: x\nno end") == nil)
        #expect(FrontMatter.parse("---\r\ntitle: x\r\n...\r\nbody")?.body == "body")
    }
}

@Suite struct MarkdownExtractorTests {
    @Test func frontMatterBecomesMetadata() {
        let document = MarkdownExtractor.extract("""
            ---
            title: Release notes
            author: Ada
            tags: swift, mcp
            status: published
            date: 2025-03-01
            project: quire
            x_team: core
            ---
            # Not the title

            Text.
            """, fileName: "notes.md")
        #expect(document.title == "Release notes")
        #expect(document.author == "Ada")
        #expect(document.tags == ["swift", "mcp"])
        #expect(document.status == "published")
        #expect(Timestamp.format(document.createdAt) == "2025-03-01T00:00:00.000Z")
        #expect(document.customMetadata == ["x_project": "quire", "x_team": "core"])
        #expect(document.textContent == "# Not the title\n\nText.")
    }

    @Test func anUnreadableDateIsKeptAsCustomMetadata() {
        let document = MarkdownExtractor.extract("---\ndate: last tuesday\n---\nx", fileName: "a.md")
        #expect(document.customMetadata["x_date"] == "last tuesday")
    }

    @Test func theFirstHeadingIsTheFallbackTitleOutsideCodeFences() {
        let text = """
            Intro

            ```
            # not a heading
            ```
            ## Second level
            #NoSpace
                # indented code
            # Real Title ##
            """
        #expect(MarkdownExtractor.extract(text, fileName: "a.md").title == "Real Title")
        #expect(MarkdownExtractor.extract("no heading", fileName: "plain.md").title == "plain.md")
    }
}

@Suite struct CSVParserTests {
    func fields(_ text: String) throws -> [[String]] { try CSVParser.parse(text).map(\.fields) }

    @Test func quotedFieldsHoldCommasQuotesAndNewlines() throws {
        let text = "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\nplain,,end\n"
        #expect(try fields(text) == [["a", "b", "c"], ["x, y", "say \"hi\"", "two\nlines"], ["plain", "", "end"]])
        #expect(try CSVParser.parse(text).map(\.line) == [1, 2, 4])
    }

    @Test func blankLinesAreSkippedAndAFinalNewlineIsOptional() throws {
        #expect(try fields("a,b\n\n1,2") == [["a", "b"], ["1", "2"]])
        #expect(try fields("a\r1\r") == [["a"], ["1"]])
        #expect(try fields("\"\"\n") == [[""]])
    }

    @Test func malformedQuotingIsReportedWithItsLine() {
        #expect(thrownError(CSVParser.Failure.self) { _ = try CSVParser.parse("a\n\"open\nstill") }?.line == 2)
        #expect(thrownError(CSVParser.Failure.self) { _ = try CSVParser.parse("a\n\"x\"y") }?.message.contains("after a closing quote") == true)
        #expect(thrownError(CSVParser.Failure.self) { _ = try CSVParser.parse("a\nx\"y") }?.message.contains("inside an unquoted field") == true)
    }

    @Test func tablesNameColumnsAndCheckWidths() throws {
        let table = try CSVTable(parsing: " Title ,content,\nA,B\n")
        #expect(table.columns == ["Title", "content", "column_3"])
        #expect(table.rows.map(\.cells) == [["A", "B", ""]])
        #expect(table.column(named: "title") == 0)
        #expect(thrownError(CSVParser.Failure.self) { _ = try CSVTable(parsing: "a,a\n1,2") }?.message.contains("twice") == true)
        #expect(thrownError(CSVParser.Failure.self) { _ = try CSVTable(parsing: "a\n1,2") }?.line == 2)
    }

    @Test func rowsBecomeDocumentsWithCustomMetadata() throws {
        let documents = try CSVExtractor.extract("title,text_content,color,size\nFirst,\"Hello, world\",red,\n,Second body,,L\n", fileName: "t.csv", displayPath: "t.csv")
        #expect(documents.map(\.title) == ["First", "t.csv row 2"])
        #expect(documents.map(\.textContent) == ["Hello, world", "Second body"])
        #expect(documents[0].customMetadata == ["x_color": "red"])
        #expect(documents[1].customMetadata == ["x_size": "L"])
        let noContent = try CSVExtractor.extract("name,age\nAda,36\n", fileName: "p.csv", displayPath: "p.csv")
        #expect(noContent[0].textContent == "name: Ada\nage: 36")
        #expect(thrownError(ExtractionError.self) { _ = try CSVExtractor.extract("a\n\"x", fileName: "b.csv", displayPath: "b.csv") }
            == .invalidCSV(path: "b.csv", line: 2, message: "a quoted field is never closed"))
    }
}

@Suite struct HTMLTextTests {
    @Test func keepsOnlyVisibleTextWithParagraphs() {
        let page = HTMLText.extract("""
            <!DOCTYPE html><html><head><title> The &amp; Page </title><meta charset="utf-8">
            <style>body { color: red }</style><script>var x = "<p>not text</p>";</script></head>
            <body><!-- a comment --><h1>Main   heading</h1><p>First <b>bold</b>
            paragraph &lt;ok&gt; &#x263A; &#9731; &eacute;t&eacute;</p><div>Second<br>line two</div>
            <ul><li>one</li><li>two</li></ul><noscript>enable js</noscript><p data-x="a>b">Attr &copy 2025</p></body></html>
            """)
        #expect(page.title == "The & Page")
        #expect(page.firstHeading == "Main heading")
        #expect(page.text == "Main heading\n\nFirst bold paragraph <ok> ☺ ☃ été\n\nSecond\nline two\n\none\ntwo\n\nAttr © 2025")
    }

    @Test func preformattedTextKeepsItsLines() {
        #expect(HTMLText.extract("<p>a</p><pre>x  y\n  z</pre><p>b</p>").text == "a\n\nx  y\n  z\n\nb")
    }

    @Test func unknownEntitiesAndStrayBracketsStayAsWritten() {
        #expect(HTMLText.extract("a < b &bogus; c &amp d").text == "a < b &bogus; c & d")
        #expect(HTMLEntities.decode("&#0;&#x110000;") == "\u{FFFD}\u{FFFD}")
    }
}

@Suite struct JSONExtractionTests {
    @Test func aRecordObjectKeepsItsUUIDMetadataAndEmbedding() throws {
        let uuid = "6f1c2b1e-8c7d-4c1a-9a55-2a0d7c9e0b11"
        let (documents, restored) = try JSONExtractor.extract("""
            {"uuid": "\(uuid)", "content": "Body", "metadata": {"title": "T", "tags": ["a"], "custom_metadata": {"k": "v"}}, "author": "Ada", "embedding": [0.5, 1, -2, 0]}
            """, fileName: "r.json", displayPath: "r.json")
        #expect(restored)
        #expect(documents.count == 1)
        #expect(documents[0].uuid == uuid)
        #expect(documents[0].title == "T")
        #expect(documents[0].author == "Ada")
        #expect(documents[0].tags == ["a"])
        #expect(documents[0].customMetadata == ["k": "v"])
        #expect(documents[0].embedding == [0.5, 1, -2, 0])
    }

    @Test func arraysAndExportWrappersOfRecordsBecomeSeveralDocuments() throws {
        let array = try JSONExtractor.extract(#"[{"content": "a", "title": "A"}, {"text_content": "b"}]"#, fileName: "l.json", displayPath: "l.json")
        #expect(array.documents.map(\.title) == ["A", "l.json record 2"])
        let wrapped = try JSONExtractor.extract(#"{"documents": [{"content": "x", "metadata": {"title": "X"}}]}"#, fileName: "w.json", displayPath: "w.json")
        #expect(wrapped.documents.map(\.title) == ["X"])
    }

    @Test func anyOtherJSONIsKeptAsText() throws {
        let text = #"{"name": "config", "title": "Settings", "values": [1, 2]}"#
        let (documents, restored) = try JSONExtractor.extract(text, fileName: "c.json", displayPath: "c.json")
        #expect(!restored)
        #expect(documents.map(\.title) == ["Settings"])
        #expect(documents[0].textContent == text)
        #expect(try JSONExtractor.extract("[1, 2]", fileName: "n.json", displayPath: "n.json").documents[0].title == "n.json")
    }

    @Test func invalidJSONAndBadRecordsAreNamed() {
        let invalid = thrownError(ExtractionError.self) { _ = try JSONExtractor.extract("{oops", fileName: "x.json", displayPath: "x.json") }
        #expect(invalid?.description.hasPrefix("x.json is not valid JSON: ") == true)
        let bad = thrownError(ExtractionError.self) { _ = try JSONExtractor.extract(#"{"content": "x", "metadata": {"title": "T", "status": 5}}"#, fileName: "b.json", displayPath: "b.json") }
        #expect(bad?.description.contains("metadata.status") == true)
    }

    @Test func jsonLinesAreRecordsOrOneTextDocument() throws {
        let records = try JSONExtractor.extractLines("{\"content\": \"a\", \"title\": \"A\"}\n\n{\"content\": \"b\", \"title\": \"B\"}\n", fileName: "r.jsonl", displayPath: "r.jsonl")
        #expect(records.documents.map(\.title) == ["A", "B"])
        let logs = try JSONExtractor.extractLines("{\"level\": \"info\"}\n{\"level\": \"warn\"}\n", fileName: "log.jsonl", displayPath: "log.jsonl")
        #expect(logs.documents.count == 1 && !logs.restored)
        let mixed = thrownError(ExtractionError.self) { _ = try JSONExtractor.extractLines("{\"content\": \"a\", \"title\": \"A\"}\n[1]\n", fileName: "m.jsonl", displayPath: "m.jsonl") }
        #expect(mixed == .invalidRecord(path: "m.jsonl", record: "line 2", message: "not a document record ({content, metadata}) like the other lines"))
    }

    @Test func exportRecordsDecodeBackToTheSameDocument() throws {
        var original = Document(uuid: "0b8c52f4-3f6e-4d0e-b7a4-9c1f6d1e2a33", title: "Round trip", textContent: "Text\nwith lines")
        original.author = "Ada"
        original.tags = ["x", "y"]
        original.customMetadata = ["k": "v"]
        original.relationships = [Relationship(type: .reference, uri: "https://example.com")]
        original.embedding = [0.1, -0.25, 3.5, 1e-7]
        original.rawData = Data([0, 1, 2, 255])
        original.rawDataType = "application/octet-stream"
        original.position = 3
        original.createdAt = try #require(Timestamp.parse("2024-02-03T04:05:06.789Z"))
        let record = ExportRecord.json(original, includeEmbedding: true)
        let decoded = try FrameDecoder.document(from: try JSONValue(parsing: record.jsonString).objectValue ?? [:])
        var expected = original
        expected.updatedAt = decoded.updatedAt
        #expect(decoded == expected)
    }
}

@Suite struct FileExtractorTests {
    @Test func recordsWhereEachDocumentCameFrom() async throws {
        try await withExtractionFolder { folder in
            try writeFile(folder + "/page.HTML", "<title>T</title><p>x</p>")
            try writeFile(folder + "/notes", "plain")
            let extractor = FileExtractor(roots: try FileRoots([folder]))
            let page = try extractor.extract(path: "page.HTML")
            #expect(page.format == .html)
            #expect(page.documents[0].sourceFile == folder + "/page.HTML")
            #expect(page.documents[0].sourceType == "text/html")
            let notes = try extractor.extract(path: "notes")
            #expect(notes.format == .text)
            #expect(notes.documents[0].title == "notes")
        }
    }

    @Test func restoredRecordsKeepTheirOwnSource() async throws {
        try await withExtractionFolder { folder in
            try writeFile(folder + "/r.json", #"{"content": "x", "title": "T"}"#)
            let file = try FileExtractor(roots: try FileRoots([folder])).extract(path: "r.json")
            #expect(file.documents[0].sourceFile == nil)
        }
    }
}

@Suite struct SmallPiecesTests {
    @Test func contentTemplatesArePlainSubstitutions() {
        var document = Document(title: "Title", textContent: "Body {title}")
        document.author = "Ada"
        document.tags = ["a", "b"]
        document.customMetadata = ["team": "core"]
        let rendered = ContentTemplate(text: "# {title}\nby {metadata.author} [{metadata.tags}] {metadata.team}{metadata.none}\n{content} {unknown} {").render(document)
        #expect(rendered == "# Title\nby Ada [a, b] core\nBody {title} {unknown} {")
    }

    @Test func progressLinesShowBarCountRateAndETA() {
        #expect(ProgressLine.render(done: 50, total: 100, count: 2500, unit: "docs", elapsed: 2, width: 10)
            == "[#####.....]   50%  2,500 docs  1,250 docs/s  ETA 0:02")
        #expect(ProgressLine.render(done: 100, total: 100, count: 10, unit: "docs", elapsed: 65, width: 4) == "[####]  100%  10 docs  0 docs/s  in 1:05")
        #expect(ProgressLine.grouped(1_234_567) == "1,234,567")
        #expect(ProgressLine.duration(3725) == "1:02:05")
    }

    @Test func csvExportQuotesOnlyWhenNeeded() {
        #expect(CSVWriter.row(["plain", "a,b", "say \"x\"", "two\nlines", " padded"]) == "plain,\"a,b\",\"say \"\"x\"\"\",\"two\nlines\",\" padded\"")
    }
}
