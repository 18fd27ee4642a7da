import Foundation

/// A CSV file read as a header row naming the columns and one row per record.
struct CSVTable {
    /// Column names from the header row, trimmed; blank names become `column_<n>`.
    var columns: [String]
    /// Each row's cells, padded with empty strings to the header's width, with the line it starts on.
    var rows: [(line: Int, cells: [String])]

    init(parsing text: String) throws(CSVParser.Failure) {
        let records = try CSVParser.parse(text)
        guard let header = records.first else {
            columns = []
            rows = []
            return
        }
        var names: [String] = []
        for (position, raw) in header.fields.enumerated() {
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            let name = trimmed.isEmpty ? "column_\(position + 1)" : trimmed
            guard !names.contains(name) else {
                throw CSVParser.Failure(line: header.line, message: "the header names column \"\(name)\" twice")
            }
            names.append(name)
        }
        columns = names
        var rows: [(line: Int, cells: [String])] = []
        for record in records.dropFirst() {
            guard record.fields.count <= names.count else {
                throw CSVParser.Failure(line: record.line, message: "the row has \(record.fields.count) fields but the header names \(names.count) columns")
            }
            rows.append((record.line, record.fields + Array(repeating: "", count: names.count - record.fields.count)))
        }
        self.rows = rows
    }

    /// The position of the first column named any of `names` (case-insensitive).
    func column(named names: String...) -> Int? {
        for name in names {
            if let position = columns.firstIndex(where: { $0.lowercased() == name }) { return position }
        }
        return nil
    }
}
