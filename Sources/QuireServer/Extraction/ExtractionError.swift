/// Why a file's text could not be turned into documents. Each case names the file.
public enum ExtractionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Reading the file failed or was refused.
    case file(FileAccessError)
    /// A `.json` or `.jsonl` file is not valid JSON.
    case invalidJSON(path: String, message: String)
    /// A `.csv` file is malformed.
    case invalidCSV(path: String, line: Int, message: String)
    /// One record (a JSON object, a CSV row) cannot become a document.
    case invalidRecord(path: String, record: String, message: String)

    /// One line naming the file and what is wrong with it.
    public var description: String {
        switch self {
        case .file(let error): return error.description
        case let .invalidJSON(path, message): return "\(path) is not valid JSON: \(message)"
        case let .invalidCSV(path, line, message): return "\(path), line \(line): \(message)"
        case let .invalidRecord(path, record, message): return "\(path), \(record): \(message)"
        }
    }
}
