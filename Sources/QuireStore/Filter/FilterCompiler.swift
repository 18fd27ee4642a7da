import GRDB

/// A filter compiled to an SQL condition over the `documents` table, with its bound values.
struct CompiledFilter: Sendable {
    /// The condition; refers to the documents table through the compiler's alias.
    var sql: String
    /// The values for the condition's `?` placeholders, in order.
    var arguments: [DatabaseValue]

    /// The condition that keeps every row.
    static let matchAll = CompiledFilter(sql: "1", arguments: [])
}

/// The SQL a ``FilterCompiler`` writes: SQLite's, or PostgreSQL's for the same schema (JSON columns
/// as `jsonb`, `quire_number` defined as a function by the PostgreSQL schema).
enum SQLDialect: Sendable {
    case sqlite
    case postgres

    /// A condition that is always true or always false.
    func literal(_ value: Bool) -> String {
        switch self {
        case .sqlite: return value ? "1" : "0"
        case .postgres: return value ? "TRUE" : "FALSE"
        }
    }
}

/// Turns a ``Filter`` into SQL text plus bound values.
///
/// The SQL text is built only from fixed fragments and column names taken from ``DocumentField``;
/// every value and every `custom_metadata` key is a bound parameter. Each comparison is written so it
/// yields 0 or 1, never NULL, which keeps `NOT` and `ne`/`nin` intuitive for absent fields.
struct FilterCompiler {
    /// The alias of the documents table in the surrounding query.
    let alias: String
    /// The SQL dialect written.
    let dialect: SQLDialect
    private(set) var sql = ""
    private(set) var arguments: [DatabaseValue] = []

    /// Compiles `filter` (or nothing, which keeps every row).
    static func compile(_ filter: Filter?, alias: String = "d", dialect: SQLDialect = .sqlite) throws(FilterError) -> CompiledFilter {
        guard let filter else { return dialect == .sqlite ? .matchAll : CompiledFilter(sql: dialect.literal(true), arguments: []) }
        var compiler = FilterCompiler(alias: alias, dialect: dialect)
        try compiler.emit(filter, depth: 1)
        return CompiledFilter(sql: compiler.sql, arguments: compiler.arguments)
    }

    private init(alias: String, dialect: SQLDialect) {
        self.alias = alias
        self.dialect = dialect
    }

    private mutating func emit(_ filter: Filter, depth: Int) throws(FilterError) {
        guard depth <= Filter.maximumDepth else { throw FilterError.tooDeep(limit: Filter.maximumDepth) }
        switch filter {
        case let .and(parts):
            try emitJunction(parts, joiner: " AND ", empty: dialect.literal(true), depth: depth)
        case let .or(parts):
            try emitJunction(parts, joiner: " OR ", empty: dialect.literal(false), depth: depth)
        case let .not(inner):
            sql += "NOT ("
            try emit(inner, depth: depth + 1)
            sql += ")"
        case let .compare(path, op, value):
            try emitComparison(path, op, value)
        }
    }

    private mutating func emitJunction(_ parts: [Filter], joiner: String, empty: String, depth: Int) throws(FilterError) {
        guard !parts.isEmpty else {
            sql += empty
            return
        }
        sql += "("
        for (index, part) in parts.enumerated() {
            if index > 0 { sql += joiner }
            try emit(part, depth: depth + 1)
        }
        sql += ")"
    }

    // MARK: - Comparisons

    private mutating func emitComparison(_ path: FilterPath, _ op: FilterOperator, _ value: FilterValue) throws(FilterError) {
        let context = Context(path: path, op: op)
        switch path {
        case let .customMetadata(key):
            try emitCustomMetadata(key: key, context, value)
        case let .field(field):
            switch field.kind {
            case .text:
                let scalar = Scalar.column("\(alias).\(field.column)", nullable: !Self.requiredFields.contains(field))
                try emitScalar(scalar, context, value, convert: { v throws(FilterError) in
                    try Self.textValue(v, field: field, context)
                })
            case .integer:
                let scalar = Scalar.column("\(alias).\(field.column)", nullable: true)
                guard op != .contains else { throw context.mismatch("contains applies to text and list fields only") }
                try emitScalar(scalar, context, value, convert: { v throws(FilterError) in
                    try Self.numberValue(v, context)
                })
            case .timestamp:
                let scalar = Scalar.column("\(alias).\(field.column)", nullable: false)
                guard op != .contains else {
                    throw context.mismatch("timestamps compare as instants; use gte/lt for a range instead of contains")
                }
                try emitScalar(scalar, context, value, convert: { v throws(FilterError) in
                    try Self.timestampValue(v, context)
                })
            case .stringList:
                try emitList(column: "\(alias).\(field.column)", context, value)
            case .relationshipList, .stringMap:
                try emitPresenceOnly(column: "\(alias).\(field.column)", context, value)
            }
        }
    }

    /// Fields the schema declares NOT NULL, whose comparisons need no null guard.
    private static let requiredFields: Set<DocumentField> = [.uuid, .title, .recordType]

    /// A scalar operand: a nullable or required column, or a custom_metadata lookup.
    private enum Scalar {
        case column(String, nullable: Bool)
        case metadata(key: String, numeric: Bool)

        var nullable: Bool {
            switch self {
            case let .column(_, nullable): return nullable
            case .metadata: return true
            }
        }
    }

    private mutating func emitOperand(_ scalar: Scalar) {
        switch scalar {
        case let .column(column, _):
            sql += column
        case let .metadata(key, numeric):
            // json_each with a bound key instead of json_extract with a '$."key"' path: SQLite 3.40's path
            // syntax cannot escape a '"' inside a key, and compares labels to the raw (escaped) JSON text.
            if numeric { sql += "quire_number(" }
            switch dialect {
            case .sqlite: sql += "(SELECT value FROM json_each(\(alias).custom_metadata) WHERE key = ?)"
            case .postgres: sql += "(\(alias).custom_metadata ->> ?)"
            }
            arguments.append(key.databaseValue)
            if numeric { sql += ")" }
        }
    }

    private mutating func emitScalar(
        _ scalar: Scalar,
        _ context: Context,
        _ value: FilterValue,
        convert: (FilterValue) throws(FilterError) -> DatabaseValue
    ) throws(FilterError) {
        switch context.op {
        case .eq, .ne:
            if case .null = value {
                emitOperand(scalar)
                sql += context.op == .eq ? " IS NULL" : " IS NOT NULL"
                return
            }
            let bound = try convert(value)
            emitOperand(scalar)
            // IS / IS NOT are SQLite's null-safe equality: never NULL, and still index-friendly.
            if scalar.nullable && dialect == .postgres {
                sql += context.op == .eq ? " IS NOT DISTINCT FROM ?" : " IS DISTINCT FROM ?"
            } else if scalar.nullable {
                sql += context.op == .eq ? " IS ?" : " IS NOT ?"
            } else {
                sql += context.op == .eq ? " = ?" : " <> ?"
            }
            arguments.append(bound)
        case .lt, .lte, .gt, .gte:
            guard !Self.isNullOrList(value) else {
                throw context.mismatch("\(context.op.rawValue) needs a single value, not \(value.typeName)")
            }
            let bound = try convert(value)
            let symbol = Self.symbol(context.op)
            if scalar.nullable {
                sql += "("
                emitOperand(scalar)
                sql += " IS NOT NULL AND "
                emitOperand(scalar)
                sql += " \(symbol) ?)"
            } else {
                emitOperand(scalar)
                sql += " \(symbol) ?"
            }
            arguments.append(bound)
        case .in, .nin:
            let bound = try Self.listElements(value, context).map { (v: FilterValue) throws(FilterError) -> DatabaseValue in
                try convert(v)
            }
            guard !bound.isEmpty else {
                sql += dialect.literal(context.op != .in)
                return
            }
            let placeholders = Array(repeating: "?", count: bound.count).joined(separator: ", ")
            if scalar.nullable {
                sql += "("
                emitOperand(scalar)
                sql += context.op == .in ? " IS NOT NULL AND " : " IS NULL OR "
                emitOperand(scalar)
                sql += context.op == .in ? " IN (\(placeholders)))" : " NOT IN (\(placeholders)))"
            } else {
                emitOperand(scalar)
                sql += context.op == .in ? " IN (\(placeholders))" : " NOT IN (\(placeholders))"
            }
            arguments.append(contentsOf: bound)
        case .exists:
            let present = try Self.existsFlag(value, context)
            emitOperand(scalar)
            sql += present ? " IS NOT NULL" : " IS NULL"
        case .contains:
            guard case let .string(needle) = value else {
                throw context.mismatch("contains needs a string, not \(value.typeName)")
            }
            // instr() is a case-sensitive, literal substring test: no LIKE wildcards to escape.
            sql += "("
            emitOperand(scalar)
            sql += dialect == .sqlite ? " IS NOT NULL AND instr(" : " IS NOT NULL AND strpos("
            emitOperand(scalar)
            sql += ", ?) > 0)"
            arguments.append(needle.databaseValue)
        case .any, .all:
            throw context.mismatch("\(context.op.rawValue) applies to list fields (tags, contributors) only")
        }
    }

    private mutating func emitCustomMetadata(key: String, _ context: Context, _ value: FilterValue) throws(FilterError) {
        // Metadata values are strings. A numeric filter value compares numerically against values
        // that read as numbers (others never match); everything else compares as text.
        let numeric: Bool
        switch value {
        case .int, .double:
            numeric = true
        case let .list(elements):
            let numbers = elements.filter {
                switch $0 {
                case .int, .double: return true
                default: return false
                }
            }
            guard numbers.isEmpty || numbers.count == elements.count else {
                throw context.mismatch("a list must hold only strings or only numbers")
            }
            numeric = !elements.isEmpty && numbers.count == elements.count
        default:
            numeric = false
        }
        let scalar = Scalar.metadata(key: key, numeric: numeric)
        try emitScalar(scalar, context, value, convert: { v throws(FilterError) in
            switch v {
            case let .string(text): return text.databaseValue
            case let .bool(flag): return (flag ? "true" : "false").databaseValue
            case .int, .double: return try Self.numberValue(v, context)
            case .null, .list: throw context.mismatch("expected a string or number, not \(v.typeName)")
            }
        })
    }

    private mutating func emitList(column: String, _ context: Context, _ value: FilterValue) throws(FilterError) {
        func strings(_ value: FilterValue) throws(FilterError) -> [String] {
            let elements: [FilterValue]
            if case let .list(list) = value { elements = list } else { elements = [value] }
            var result: [String] = []
            for element in elements {
                guard case let .string(text) = element else {
                    throw context.mismatch("list elements are strings, not \(element.typeName)")
                }
                result.append(text)
            }
            return result
        }
        let elements = dialect == .sqlite ? "json_each(\(column))" : "jsonb_array_elements_text(\(column)) AS e(value)"
        let length = dialect == .sqlite ? "json_array_length(\(column))" : "jsonb_array_length(\(column))"
        let hasElement = "EXISTS (SELECT 1 FROM \(elements) WHERE value = ?)"
        switch context.op {
        case .eq, .ne, .contains:
            if case .null = value, context.op != .contains {
                sql += "\(length) " + (context.op == .eq ? "= 0" : "> 0")
                return
            }
            guard case let .string(text) = value else {
                throw context.mismatch("\(context.op.rawValue) on a list field needs one string, not \(value.typeName); "
                    + "use any/all for several")
            }
            sql += context.op == .ne ? "NOT " + hasElement : hasElement
            arguments.append(text.databaseValue)
        case .in, .nin, .any:
            // any also takes a single string; in and nin always take a list.
            if context.op != .any {
                guard case .list = value else {
                    throw context.mismatch("\(context.op.rawValue) needs a list, not \(value.typeName)")
                }
            }
            let values = try strings(value)
            guard !values.isEmpty else {
                sql += dialect.literal(context.op == .nin)
                return
            }
            let placeholders = Array(repeating: "?", count: values.count).joined(separator: ", ")
            if context.op == .nin { sql += "NOT " }
            sql += "EXISTS (SELECT 1 FROM \(elements) WHERE value IN (\(placeholders)))"
            arguments.append(contentsOf: values.map(\.databaseValue))
        case .all:
            let values = try strings(value)
            guard !values.isEmpty else {
                sql += dialect.literal(true)
                return
            }
            sql += "(" + Array(repeating: hasElement, count: values.count).joined(separator: " AND ") + ")"
            arguments.append(contentsOf: values.map(\.databaseValue))
        case .exists:
            let present = try Self.existsFlag(value, context)
            sql += "\(length) " + (present ? "> 0" : "= 0")
        case .lt, .lte, .gt, .gte:
            throw context.mismatch("lists cannot be ordered; use any, all, contains or exists")
        }
    }

    private mutating func emitPresenceOnly(column: String, _ context: Context, _ value: FilterValue) throws(FilterError) {
        let present: Bool
        switch (context.op, value) {
        case (.exists, _): present = try Self.existsFlag(value, context)
        case (.eq, .null): present = false
        case (.ne, .null): present = true
        default:
            throw context.mismatch("only exists applies to this field; filter single metadata keys with "
                + "custom_metadata.<key>")
        }
        switch dialect {
        case .sqlite: sql += (present ? "" : "NOT ") + "EXISTS (SELECT 1 FROM json_each(\(column)))"
        case .postgres: sql += "(\(column) " + (present ? "NOT IN" : "IN") + " ('[]'::jsonb, '{}'::jsonb))"
        }
    }

    // MARK: - Values

    /// The operator and path being compiled, for error messages.
    private struct Context {
        let path: FilterPath
        let op: FilterOperator

        func mismatch(_ reason: String) -> FilterError {
            .typeMismatch(field: path.description, operator: op.rawValue, reason: reason)
        }

        func invalid(_ reason: String) -> FilterError {
            .invalidValue(field: path.description, operator: op.rawValue, reason: reason)
        }
    }

    private static func isNullOrList(_ value: FilterValue) -> Bool {
        switch value {
        case .null, .list: return true
        default: return false
        }
    }

    private static func symbol(_ op: FilterOperator) -> String {
        switch op {
        case .lt: return "<"
        case .lte: return "<="
        case .gt: return ">"
        default: return ">="
        }
    }

    private static func listElements(_ value: FilterValue, _ context: Context) throws(FilterError) -> [FilterValue] {
        guard case let .list(elements) = value else {
            throw context.mismatch("\(context.op.rawValue) needs a list, not \(value.typeName)")
        }
        for element in elements {
            if case .null = element {
                throw context.mismatch("lists cannot hold null; use exists to test for an absent field")
            }
            if case .list = element {
                throw context.mismatch("lists cannot be nested")
            }
        }
        return elements
    }

    private static func existsFlag(_ value: FilterValue, _ context: Context) throws(FilterError) -> Bool {
        guard case let .bool(flag) = value else {
            throw context.mismatch("exists needs true or false, not \(value.typeName)")
        }
        return flag
    }

    private static func textValue(_ value: FilterValue, field: DocumentField, _ context: Context) throws(FilterError) -> DatabaseValue {
        guard case let .string(text) = value else {
            throw context.mismatch("\(field.rawValue) is text; compare it with a string, not \(value.typeName)")
        }
        switch field {
        case .uuid:
            // uuids are stored lower-case; any case is accepted on input.
            return text.lowercased().databaseValue
        case .recordType:
            guard RecordType(rawValue: text) != nil else {
                let known = RecordType.allCases.map(\.rawValue).joined(separator: ", ")
                throw context.invalid("'\(text)' is not a record type (\(known))")
            }
            return text.databaseValue
        default:
            return text.databaseValue
        }
    }

    private static func numberValue(_ value: FilterValue, _ context: Context) throws(FilterError) -> DatabaseValue {
        switch value {
        case let .int(number):
            return number.databaseValue
        case let .double(number):
            guard number.isFinite else { throw context.invalid("\(number) is not a finite number") }
            return number.databaseValue
        default:
            throw context.mismatch("expected a number, not \(value.typeName)")
        }
    }

    private static func timestampValue(_ value: FilterValue, _ context: Context) throws(FilterError) -> DatabaseValue {
        guard case let .string(text) = value else {
            throw context.mismatch("expected a timestamp string (RFC 3339 or YYYY-MM-DD), not \(value.typeName)")
        }
        guard let date = Timestamp.parse(text), Timestamp.isRepresentable(date) else {
            throw context.invalid("'\(text)' is not a timestamp; use RFC 3339 (2025-07-05T14:03:22Z) or YYYY-MM-DD")
        }
        // Normalized to the stored form so text comparison is instant comparison.
        return Timestamp.format(date).databaseValue
    }
}
