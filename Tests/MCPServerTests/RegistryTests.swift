import MCP
import Testing
@testable import MCPServer

@Suite struct URITemplateTests {
    @Test func matchesAndExtractsVariables() {
        let template = URITemplate("contextframe://documents/{uuid}")
        #expect(template.match("contextframe://documents/abc-123") == ["uuid": "abc-123"])
        #expect(template.match("contextframe://documents/a%20b") == ["uuid": "a b"])
        #expect(template.match("contextframe://documents/") == nil)
        #expect(template.match("contextframe://documents/a/b") == nil)
        #expect(template.match("contextframe://collections/a") == nil)
        #expect(template.expand(["uuid": "x"]) == "contextframe://documents/x")
    }

    @Test func literalAfterVariable() {
        let template = URITemplate("file:///{dir}/{name}.txt")
        #expect(template.match("file:///docs/readme.txt") == ["dir": "docs", "name": "readme"])
        #expect(template.match("file:///docs/readme.md") == nil)
    }
}

@Suite struct JSONSchemaValidatorTests {
    let validator = JSONSchemaValidator()
    let schema: JSONValue = [
        "type": "object",
        "properties": [
            "query": ["type": "string", "minLength": 1],
            "limit": ["type": "integer", "minimum": 1, "maximum": 100],
            "mode": ["type": "string", "enum": ["a", "b"]],
            "filter": ["type": ["object", "string"]],
            "items": ["type": "array", "maxItems": 2, "items": ["type": "object", "properties": ["n": ["type": "number"]], "required": ["n"]]],
        ],
        "required": ["query"],
        "additionalProperties": false,
    ]

    @Test func acceptsValidValues() {
        #expect(validator.validate(["query": "x", "limit": 5, "mode": "a", "filter": "t = 1", "items": [["n": 1.5]]], against: schema).isEmpty)
        #expect(validator.validate(["query": "x", "limit": 5.0], against: schema).isEmpty, "an integral double is an integer")
    }

    @Test func namesEachFailingField() {
        let violations = validator.validate(["limit": 0, "mode": "c", "filter": 3, "items": [["m": 1], ["n": "x"], [:]], "bogus": 1], against: schema)
        let text = violations.map(\.description)
        #expect(text.contains("query: required field is missing"))
        #expect(text.contains("limit: must be at least 1, got 0"))
        #expect(text.contains { $0.hasPrefix("mode: must be one of") })
        #expect(text.contains("filter: expected object or string, got integer 3"))
        #expect(text.contains("items: must have at most 2 items"))
        #expect(text.contains("items[0].n: required field is missing"))
        #expect(text.contains("items[1].n: expected number, got string \"x\""))
        #expect(text.contains { $0.hasPrefix("bogus: unknown field") })
    }

    @Test func booleansAreNotNumbers() {
        #expect(!validator.validate(["query": "x", "limit": true], against: schema).isEmpty)
    }
}
