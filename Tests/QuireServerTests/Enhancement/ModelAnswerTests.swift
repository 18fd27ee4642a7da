import MCP
import MCPServer
import Testing
@testable import QuireServer

/// Reading what models answer, decorations included.
@Suite struct ModelAnswerTests {
    @Test func fencesAreStripped() {
        #expect(ModelAnswer.stripFences("```json\n{\"a\": 1}\n```") == "{\"a\": 1}")
        #expect(ModelAnswer.stripFences("  plain  ") == "plain")
        #expect(ModelAnswer.stripFences("```\nx\n```\n") == "x")
        #expect(ModelAnswer.stripFences("```json{\"a\":1}```") == "{\"a\":1}")
        #expect(ModelAnswer.stripFences("```actors, swift```") == "actors, swift")
    }

    @Test func objectsAreFoundInsideProse() throws {
        let members = try ModelAnswer.object("Sure! Here it is: {\"topic\": \"swift\", \"n\": [1]} Hope that helps.", provider: "t")
        #expect(members == ["topic": "swift", "n": [1]])
        #expect(throws: ToolError.self) { try ModelAnswer.object("no json here", provider: "t") }
        #expect(throws: ToolError.self) { try ModelAnswer.object("[1, 2]", provider: "t") }
    }

    @Test func tagsComeFromArraysObjectsOrLists() {
        #expect(ModelAnswer.tags("[\"A\", \"b\", \"a\"]", max: 5) == ["A", "b"])
        #expect(ModelAnswer.tags("{\"tags\": [\"x\", \"y\"]}", max: 1) == ["x"])
        #expect(ModelAnswer.tags("1. swift\n2. actors\n- #concurrency\n* \"sql\"", max: 10) == ["swift", "actors", "concurrency", "sql"])
        #expect(ModelAnswer.tags("alpha, beta;gamma", max: 10) == ["alpha", "beta", "gamma"])
        #expect(ModelAnswer.tags("3) 3-d printing, 2024", max: 10) == ["3-d printing", "2024"])
        #expect(ModelAnswer.tags("   ", max: 3).isEmpty)
    }

    @Test func titlesLoseLabelsQuotesAndEmphasis() throws {
        #expect(try ModelAnswer.line("Title: \"A Good Title\"\nbecause…", maxLength: 100, provider: "t") == "A Good Title")
        #expect(try ModelAnswer.line("\n\n**Bold Title**", maxLength: 100, provider: "t") == "Bold Title")
        #expect(try ModelAnswer.line("abcdef", maxLength: 3, provider: "t") == "abc")
        #expect(throws: ToolError.self) { try ModelAnswer.line("\"\"", maxLength: 10, provider: "t") }
    }

    @Test func metadataValuesBecomeStrings() {
        #expect(ModelAnswer.metadataValue("s") == "s")
        #expect(ModelAnswer.metadataValue(3) == "3")
        #expect(ModelAnswer.metadataValue(["a", 1]) == "[\"a\",1]")
        #expect(ModelAnswer.metadataValue(.null) == nil)
    }
}
