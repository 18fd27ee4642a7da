import Testing
import QuireStore

@Suite("String filter parser")
struct FilterStringParserTests {
    private func compare(_ path: String, _ op: FilterOperator, _ value: FilterValue) -> Filter {
        .compare((try? FilterPath.parse(path: path)) ?? .customMetadata(path), op, value)
    }

    @Test func parsesEveryComparison() throws {
        #expect(try FilterStringParser.parse("status = 'draft'") == compare("status", .eq, .string("draft")))
        #expect(try FilterStringParser.parse("status != 'draft'") == compare("status", .ne, .string("draft")))
        #expect(try FilterStringParser.parse("status <> 'draft'") == compare("status", .ne, .string("draft")))
        #expect(try FilterStringParser.parse("position < 3") == compare("position", .lt, .int(3)))
        #expect(try FilterStringParser.parse("position <= -3") == compare("position", .lte, .int(-3)))
        #expect(try FilterStringParser.parse("position > 2.5") == compare("position", .gt, .double(2.5)))
        #expect(try FilterStringParser.parse("position>=0") == compare("position", .gte, .int(0)))
        #expect(try FilterStringParser.parse("status IN ('a', 'b')")
            == compare("status", .in, .list([.string("a"), .string("b")])))
        #expect(try FilterStringParser.parse("status not in ('a')") == compare("status", .nin, .list([.string("a")])))
        #expect(try FilterStringParser.parse("status IS NULL") == compare("status", .exists, .bool(false)))
        #expect(try FilterStringParser.parse("status is not null") == compare("status", .exists, .bool(true)))
        #expect(try FilterStringParser.parse("status = NULL") == compare("status", .eq, .null))
        #expect(try FilterStringParser.parse("custom_metadata.flag = TRUE") == compare("custom_metadata.flag", .eq, .bool(true)))
        #expect(try FilterStringParser.parse("custom_metadata.flag = false") == compare("custom_metadata.flag", .eq, .bool(false)))
        #expect(try FilterStringParser.parse("title = 'it''s'") == compare("title", .eq, .string("it's")))
        #expect(try FilterStringParser.parse("title = ''") == compare("title", .eq, .string("")))
        #expect(try FilterStringParser.parse("title = 'ünïcødé 🦅'") == compare("title", .eq, .string("ünïcødé 🦅")))
        #expect(try FilterStringParser.parse("custom_metadata.\"odd key\"\"s\" = 'x'")
            == .compare(.customMetadata("odd key\"s"), .eq, .string("x")))
    }

    @Test func precedenceIsNotThenAndThenOr() throws {
        let parsed = try FilterStringParser.parse("status = 'a' OR status = 'b' AND NOT position = 1")
        #expect(parsed == .or([
            compare("status", .eq, .string("a")),
            .and([compare("status", .eq, .string("b")), .not(compare("position", .eq, .int(1)))]),
        ]))
        let grouped = try FilterStringParser.parse("(status = 'a' or status = 'b') and not (position = 1 or position = 2)")
        #expect(grouped == .and([
            .or([compare("status", .eq, .string("a")), compare("status", .eq, .string("b"))]),
            .not(.or([compare("position", .eq, .int(1)), compare("position", .eq, .int(2))])),
        ]))
        #expect(try FilterStringParser.parse("((title = 'x'))") == compare("title", .eq, .string("x")))
        #expect(try FilterStringParser.parse("NOT NOT title = 'x'") == .not(.not(compare("title", .eq, .string("x")))))
    }

    @Test(arguments: [
        ("title = 'x' OR 1=1", 16, "field name"),
        ("1 = 1", 1, "field name"),
        ("'x' = title", 1, "field name"),
        ("title = 'x'; DROP TABLE documents", 12, "';'"),
        ("title = 'x' -- comment", 13, "comments"),
        ("title = 'x' /* comment */", 13, "comments"),
        ("title = 'unterminated", 9, "unterminated"),
        ("lower(title) = 'x'", 1, "unknown function"),
        ("title = 'x' 'y'", 13, "AND, OR or the end"),
        ("title LIKE 'x%'", 7, "comparison"),
        ("title = ", 9, "literal"),
        ("title == 'x'", 7, "'='"),
        ("colour = 'red'", 1, "unknown field"),
        ("vector = 'x'", 1, "unknown field"),
        ("", 1, "condition"),
        ("(title = 'x'", 13, "')'"),
        ("title = 'x')", 12, "end of the filter"),
        ("title IN 'x'", 10, "'('"),
        ("title IN ('x',)", 15, "literal"),
        ("title IS 'x'", 10, "NULL"),
        ("title NOT = 'x'", 11, "IN"),
        ("title = \"x\"", 9, "single quotes"),
        ("title = x", 9, "literal"),
        ("title = 1e5", 10, "malformed number"),
        ("position = 99999999999999999999", 12, "out of range"),
        ("title = 'a' AND", 16, "field name"),
        ("title = 'a' & title = 'b'", 13, "unexpected character"),
        ("title = 'x' UNION SELECT 1", 13, "AND, OR or the end"),
    ])
    func rejectsEverythingOutsideTheSubset(text: String, position: Int, expected: String) {
        let error = filterError { _ = try FilterStringParser.parse(text) }
        guard case let .syntax(errorPosition, message) = error else {
            Issue.record("expected a syntax error for \(text), got \(String(describing: error))")
            return
        }
        #expect(errorPosition == position, "\(text): \(message)")
        #expect(message.contains(expected), "\(text): \(message)")
        #expect(error?.description.hasPrefix("filter syntax error at position \(position): ") == true)
    }

    @Test func nestingIsBounded() throws {
        let deep = String(repeating: "(", count: 40) + "title = 'x'" + String(repeating: ")", count: 40)
        #expect(filterError { _ = try FilterStringParser.parse(deep) } == .tooDeep(limit: Filter.maximumDepth))
        let nots = String(repeating: "NOT ", count: 40) + "title = 'x'"
        #expect(filterError { _ = try FilterStringParser.parse(nots) } == .tooDeep(limit: Filter.maximumDepth))
        let fine = String(repeating: "(", count: 10) + "title = 'x'" + String(repeating: ")", count: 10)
        #expect(try FilterStringParser.parse(fine) == compare("title", .eq, .string("x")))
        let long = "title = '" + String(repeating: "a", count: FilterStringParser.maximumLength) + "'"
        if case .syntax = filterError({ _ = try FilterStringParser.parse(long) }) {} else {
            Issue.record("an over-long filter should be rejected")
        }
    }
}
