/// A token of the SQL-like filter subset, with its 1-based character position.
struct FilterToken: Equatable {
    enum Kind: Equatable {
        case identifier(String)
        /// `custom_metadata."any key"`: a metadata key written as a double-quoted name.
        case quotedMetadataPath(String)
        case string(String)
        case integer(Int64)
        case decimal(Double)
        case keyword(Keyword)
        case comparison(FilterOperator)
        case leftParen
        case rightParen
        case comma
        case end
    }

    /// The words the subset reserves; matched case-insensitively.
    enum Keyword: String, CaseIterable {
        case and = "AND", or = "OR", not = "NOT", `in` = "IN", `is` = "IS"
        case null = "NULL", `true` = "TRUE", `false` = "FALSE"
    }

    let kind: Kind
    let position: Int

    /// How the token reads in an error message.
    var display: String {
        switch kind {
        case let .identifier(name): return "'\(name)'"
        case let .quotedMetadataPath(key): return "'custom_metadata.\"\(key)\"'"
        case .string: return "a string literal"
        case let .integer(value): return "number \(value)"
        case let .decimal(value): return "number \(value)"
        case let .keyword(keyword): return keyword.rawValue
        case let .comparison(op): return "operator '\(FilterToken.symbol(op))'"
        case .leftParen: return "'('"
        case .rightParen: return "')'"
        case .comma: return "','"
        case .end: return "the end of the filter"
        }
    }

    static func symbol(_ op: FilterOperator) -> String {
        switch op {
        case .eq: return "="
        case .ne: return "!="
        case .lt: return "<"
        case .lte: return "<="
        case .gt: return ">"
        case .gte: return ">="
        default: return op.rawValue
        }
    }
}
