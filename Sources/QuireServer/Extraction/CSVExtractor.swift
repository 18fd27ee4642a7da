import QuireStore

/// CSV: one document per row. A `content` (or `text_content`) column holds the text and a `title`
/// column the title; every other non-empty cell goes to `custom_metadata` as `x_<column>`.
///
/// A row without a title is titled "<file> row <n>"; a file without a content column gets each
/// row's cells as `column: value` lines, so the text is still searchable.
enum CSVExtractor {
    static func extract(_ text: String, fileName: String, displayPath: String) throws(ExtractionError) -> [Document] {
        let table: CSVTable
        do {
            table = try CSVTable(parsing: text)
        } catch {
            throw .invalidCSV(path: displayPath, line: error.line, message: error.message)
        }
        let contentColumn = table.column(named: "content", "text_content")
        let titleColumn = table.column(named: "title")
        return table.rows.enumerated().map { number, row in
            var document = Document(title: "\(fileName) row \(number + 1)")
            if let titleColumn, !row.cells[titleColumn].isEmpty { document.title = row.cells[titleColumn] }
            if let contentColumn {
                document.textContent = row.cells[contentColumn]
            } else {
                document.textContent = zip(table.columns, row.cells)
                    .filter { !$0.1.isEmpty }
                    .map { "\($0.0): \($0.1)" }
                    .joined(separator: "\n")
            }
            for (position, cell) in row.cells.enumerated() where position != contentColumn && position != titleColumn && !cell.isEmpty {
                document.customMetadata[CustomKey.prefixed(table.columns[position])] = cell
            }
            return document
        }
    }
}
