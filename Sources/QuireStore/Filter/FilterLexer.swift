/// Splits a filter string into ``FilterToken``s.
///
/// Anything outside the subset (statement separators, comments, double-quoted identifiers other than
/// a metadata key, stray characters) is rejected here with its position, so nothing unexpected can
/// reach the parser.
struct FilterLexer {
    private let scalars: [Unicode.Scalar]
    private var index = 0

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
    }

    /// All tokens, ending with `.end`.
    mutating func tokenize() throws(FilterError) -> [FilterToken] {
        var tokens: [FilterToken] = []
        while true {
            let token = try next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private var position: Int { index + 1 }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let target = index + offset
        return target < scalars.count ? scalars[target] : nil
    }

    private func error(_ message: String, at position: Int? = nil) -> FilterError {
        .syntax(position: position ?? self.position, message: message)
    }

    private mutating func next() throws(FilterError) -> FilterToken {
        while let scalar = peek(), scalar.properties.isWhitespace { index += 1 }
        let start = position
        guard let scalar = peek() else { return FilterToken(kind: .end, position: start) }
        switch scalar {
        case "(":
            index += 1
            return FilterToken(kind: .leftParen, position: start)
        case ")":
            index += 1
            return FilterToken(kind: .rightParen, position: start)
        case ",":
            index += 1
            return FilterToken(kind: .comma, position: start)
        case "=":
            index += 1
            if peek() == "=" { throw error("use '=' for equality, not '=='", at: start) }
            return FilterToken(kind: .comparison(.eq), position: start)
        case "!":
            guard peek(1) == "=" else { throw error("unexpected '!'; did you mean '!='?") }
            index += 2
            return FilterToken(kind: .comparison(.ne), position: start)
        case "<":
            index += 1
            if peek() == "=" {
                index += 1
                return FilterToken(kind: .comparison(.lte), position: start)
            }
            if peek() == ">" {
                index += 1
                return FilterToken(kind: .comparison(.ne), position: start)
            }
            return FilterToken(kind: .comparison(.lt), position: start)
        case ">":
            index += 1
            if peek() == "=" {
                index += 1
                return FilterToken(kind: .comparison(.gte), position: start)
            }
            return FilterToken(kind: .comparison(.gt), position: start)
        case "'":
            return FilterToken(kind: .string(try stringLiteral()), position: start)
        case ";":
            throw error("';' is not allowed: a filter is a single condition")
        case "-":
            if peek(1) == "-" { throw error("comments ('--') are not allowed") }
            if let following = peek(1), Self.isDigit(following) { return try number() }
            throw error("unexpected '-'; a negative number must start with '-' directly followed by a digit")
        case "/":
            if peek(1) == "*" { throw error("comments ('/* */') are not allowed") }
            throw error("unexpected '/'; arithmetic is not part of the filter syntax")
        case "\"":
            throw error("double quotes are not allowed here; quote strings with single quotes ('…')")
        default:
            if Self.isDigit(scalar) { return try number() }
            if Self.isIdentifierStart(scalar) { return try identifier() }
            throw error("unexpected character '\(scalar)'")
        }
    }

    private mutating func stringLiteral() throws(FilterError) -> String {
        let start = position
        index += 1
        var text = String.UnicodeScalarView()
        while let scalar = peek() {
            index += 1
            if scalar == "'" {
                // '' inside a literal is one quote.
                if peek() == "'" {
                    index += 1
                    text.append("'")
                    continue
                }
                return String(text)
            }
            text.append(scalar)
        }
        throw error("unterminated string literal; close it with ' (write '' for a quote inside it)", at: start)
    }

    private mutating func number() throws(FilterError) -> FilterToken {
        let start = position
        var text = ""
        if peek() == "-" {
            text.append("-")
            index += 1
        }
        while let scalar = peek(), Self.isDigit(scalar) {
            text.unicodeScalars.append(scalar)
            index += 1
        }
        var isDecimal = false
        if peek() == ".", let following = peek(1), Self.isDigit(following) {
            isDecimal = true
            text.append(".")
            index += 1
            while let scalar = peek(), Self.isDigit(scalar) {
                text.unicodeScalars.append(scalar)
                index += 1
            }
        }
        if let scalar = peek(), Self.isIdentifierPart(scalar) || scalar == "." {
            throw error("malformed number; numbers are digits with an optional '.' and fraction")
        }
        if isDecimal {
            guard let value = Double(text), value.isFinite else { throw error("number \(text) is out of range", at: start) }
            return FilterToken(kind: .decimal(value), position: start)
        }
        guard let value = Int64(text) else { throw error("integer \(text) is out of range", at: start) }
        return FilterToken(kind: .integer(value), position: start)
    }

    private mutating func identifier() throws(FilterError) -> FilterToken {
        let start = position
        var text = ""
        while let scalar = peek(), Self.isIdentifierPart(scalar) || scalar == "." {
            if scalar == "." && peek(1) == "\"" && text == "custom_metadata" {
                index += 1
                return FilterToken(kind: .quotedMetadataPath(try quotedKey()), position: start)
            }
            text.unicodeScalars.append(scalar)
            index += 1
        }
        if let keyword = FilterToken.Keyword(rawValue: text.uppercased()) {
            return FilterToken(kind: .keyword(keyword), position: start)
        }
        return FilterToken(kind: .identifier(text), position: start)
    }

    /// A `"…"` metadata key, with `""` standing for one `"`.
    private mutating func quotedKey() throws(FilterError) -> String {
        let start = position
        index += 1
        var key = String.UnicodeScalarView()
        while let scalar = peek() {
            index += 1
            if scalar == "\"" {
                if peek() == "\"" {
                    index += 1
                    key.append("\"")
                    continue
                }
                guard !key.isEmpty else { throw error("empty metadata key", at: start) }
                return String(key)
            }
            key.append(scalar)
        }
        throw error("unterminated metadata key; close it with \"", at: start)
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar >= "0" && scalar <= "9"
    }

    private static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || scalar == "_"
    }

    private static func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool {
        isIdentifierStart(scalar) || isDigit(scalar)
    }
}
