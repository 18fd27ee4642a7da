/// Parses ContextFrame's string filters, accepting only a small SQL-like subset.
///
/// The grammar (keywords case-insensitive; precedence `NOT` > `AND` > `OR`):
/// ```
/// filter     := or END
/// or         := and ( OR and )*
/// and        := not ( AND not )*
/// not        := NOT not | primary
/// primary    := '(' or ')' | comparison
/// comparison := field ( ('=' | '!=' | '<>' | '<' | '<=' | '>' | '>=') literal
///                     | [NOT] IN '(' literal ( ',' literal )* ')'
///                     | IS [NOT] NULL )
/// field      := a document field name | custom_metadata.<key> | custom_metadata."<any key>"
/// literal    := '…' (with '' for a quote) | integer | decimal | TRUE | FALSE | NULL
/// ```
/// Everything else — a literal where a field belongs (`OR 1=1`), functions, `LIKE`, `;`,
/// comments, trailing tokens — is a ``FilterError/syntax(position:message:)`` naming the 1-based
/// position and what was expected. The result is a ``Filter``, so the string never reaches SQL.
public enum FilterStringParser {
    /// The longest filter string accepted, in characters.
    public static let maximumLength = 10_000

    /// Parses `text` into a ``Filter``.
    ///
    /// - Throws: ``FilterError`` when `text` is outside the subset or names an unknown field.
    public static func parse(_ text: String) throws(FilterError) -> Filter {
        guard text.unicodeScalars.count <= maximumLength else {
            throw FilterError.syntax(position: maximumLength + 1, message: "filter is longer than \(maximumLength) characters")
        }
        var lexer = FilterLexer(text)
        var parser = Parser(tokens: try lexer.tokenize())
        return try parser.parseFilter()
    }

    private struct Parser {
        let tokens: [FilterToken]
        var index = 0
        var depth = 0

        init(tokens: [FilterToken]) {
            self.tokens = tokens
        }

        var current: FilterToken { tokens[min(index, tokens.count - 1)] }

        mutating func advance() { index += 1 }

        func expected(_ what: String) -> FilterError {
            .syntax(position: current.position, message: "expected \(what), found \(current.display)")
        }

        func isKeyword(_ keyword: FilterToken.Keyword) -> Bool {
            current.kind == .keyword(keyword)
        }

        mutating func parseFilter() throws(FilterError) -> Filter {
            guard current.kind != .end else { throw expected("a condition such as status = 'draft'") }
            let filter = try parseOr()
            guard current.kind == .end else {
                throw expected("AND, OR or the end of the filter")
            }
            return filter
        }

        mutating func parseOr() throws(FilterError) -> Filter {
            var parts = [try parseAnd()]
            while isKeyword(.or) {
                advance()
                parts.append(try parseAnd())
            }
            return parts.count == 1 ? parts[0] : .or(parts)
        }

        mutating func parseAnd() throws(FilterError) -> Filter {
            var parts = [try parseNot()]
            while isKeyword(.and) {
                advance()
                parts.append(try parseNot())
            }
            return parts.count == 1 ? parts[0] : .and(parts)
        }

        mutating func parseNot() throws(FilterError) -> Filter {
            if isKeyword(.not) {
                advance()
                return .not(try nested { (parser: inout Parser) throws(FilterError) -> Filter in try parser.parseNot() })
            }
            return try parsePrimary()
        }

        /// Runs `body` one nesting level deeper, refusing to go past ``Filter/maximumDepth``.
        mutating func nested(_ body: (inout Parser) throws(FilterError) -> Filter) throws(FilterError) -> Filter {
            depth += 1
            guard depth <= Filter.maximumDepth else { throw FilterError.tooDeep(limit: Filter.maximumDepth) }
            defer { depth -= 1 }
            return try body(&self)
        }

        mutating func parsePrimary() throws(FilterError) -> Filter {
            if current.kind == .leftParen {
                advance()
                let inner = try nested { (parser: inout Parser) throws(FilterError) -> Filter in try parser.parseOr() }
                guard current.kind == .rightParen else { throw expected("')'") }
                advance()
                return inner
            }
            return try parseComparison()
        }

        mutating func parseField() throws(FilterError) -> FilterPath {
            let token = current
            switch token.kind {
            case let .identifier(name):
                advance()
                if current.kind == .leftParen {
                    throw FilterError.syntax(position: token.position, message: "unknown function '\(name)'; "
                        + "functions are not part of the filter syntax")
                }
                do {
                    return try FilterPath.parse(path: name)
                } catch {
                    throw FilterError.syntax(position: token.position, message: "unknown field '\(name)'; use a "
                        + "document field such as title, tags or created_at, or custom_metadata.<key>")
                }
            case let .quotedMetadataPath(key):
                advance()
                return .customMetadata(key)
            default:
                throw expected("a field name")
            }
        }

        mutating func parseComparison() throws(FilterError) -> Filter {
            let path = try parseField()
            switch current.kind {
            case let .comparison(op):
                advance()
                return .compare(path, op, try parseLiteral())
            case .keyword(.in):
                advance()
                return .compare(path, .in, try parseList())
            case .keyword(.not):
                advance()
                guard isKeyword(.in) else { throw expected("IN after NOT") }
                advance()
                return .compare(path, .nin, try parseList())
            case .keyword(.is):
                advance()
                var negated = false
                if isKeyword(.not) {
                    negated = true
                    advance()
                }
                guard isKeyword(.null) else { throw expected("NULL after IS") }
                advance()
                return .compare(path, .exists, .bool(negated))
            default:
                throw expected("a comparison (=, !=, <>, <, <=, >, >=, IN, NOT IN, IS NULL, IS NOT NULL)")
            }
        }

        mutating func parseLiteral() throws(FilterError) -> FilterValue {
            let value: FilterValue
            switch current.kind {
            case let .string(text): value = .string(text)
            case let .integer(number): value = .int(number)
            case let .decimal(number): value = .double(number)
            case .keyword(.true): value = .bool(true)
            case .keyword(.false): value = .bool(false)
            case .keyword(.null): value = .null
            default: throw expected("a literal ('text', a number, TRUE, FALSE or NULL)")
            }
            advance()
            return value
        }

        mutating func parseList() throws(FilterError) -> FilterValue {
            guard current.kind == .leftParen else { throw expected("'(' to start the list") }
            advance()
            var elements = [try parseLiteral()]
            while current.kind == .comma {
                advance()
                elements.append(try parseLiteral())
            }
            guard current.kind == .rightParen else { throw expected("',' or ')' in the list") }
            advance()
            return .list(elements)
        }
    }
}
