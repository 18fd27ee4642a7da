import Foundation
import QuireStore

/// One file turned into documents.
public struct ExtractedFile: Sendable {
    /// The path as the caller gave it.
    public var path: String
    /// The resolved real path that was read.
    public var realPath: String
    /// The format the file was read as.
    public var format: FileFormat
    /// The documents, in file order (one for most formats; one per row or record for CSV and JSON).
    public var documents: [Document]
}

/// Reads files under the configured roots and turns them into documents: plain text, Markdown
/// (front matter → metadata), JSON and JSON Lines (records, or any JSON as text), CSV (a document
/// per row) and HTML (visible text).
public struct FileExtractor: Sendable {
    /// Where files may be read.
    public let roots: FileRoots
    /// The largest file read, in bytes.
    public let maxFileBytes: Int

    /// Extraction confined to `roots`, reading files of at most `maxFileBytes`.
    public init(roots: FileRoots, maxFileBytes: Int = TextFileReader.defaultLimit) {
        self.roots = roots
        self.maxFileBytes = maxFileBytes
    }

    /// The documents in the file at `path` (relative paths are relative to the first root).
    public func extract(path: String) throws(ExtractionError) -> ExtractedFile {
        let real: String
        do {
            real = try roots.resolveExisting(path)
        } catch {
            throw .file(error)
        }
        return try extract(realPath: real, displayPath: path)
    }

    /// The documents in the file at `realPath`, already resolved and confined.
    public func extract(realPath: String, displayPath: String) throws(ExtractionError) -> ExtractedFile {
        let text: String
        do {
            text = try TextFileReader.read(realPath: realPath, displayPath: displayPath, limit: maxFileBytes)
        } catch {
            throw .file(error)
        }
        let fileName = (realPath as NSString).lastPathComponent
        let format = FileFormat.detect(fileName: fileName)
        var (documents, restored) = try Self.documents(fromText: text, format: format, fileName: fileName, displayPath: displayPath)
        // Restored records keep exactly what they say; extracted text records where it came from.
        if !restored {
            for index in documents.indices {
                documents[index].sourceFile = realPath
                documents[index].sourceType = format.mimeType
            }
        }
        return ExtractedFile(path: displayPath, realPath: realPath, format: format, documents: documents)
    }

    /// The documents in `text`, read as `format`; `restored` when they are records read back from
    /// JSON, which keep their own fields.
    static func documents(
        fromText text: String, format: FileFormat, fileName: String, displayPath: String
    ) throws(ExtractionError) -> (documents: [Document], restored: Bool) {
        switch format {
        case .text:
            return ([Document(title: fileName, textContent: text)], false)
        case .markdown:
            return ([MarkdownExtractor.extract(text, fileName: fileName)], false)
        case .json:
            return try JSONExtractor.extract(text, fileName: fileName, displayPath: displayPath)
        case .jsonl:
            return try JSONExtractor.extractLines(text, fileName: fileName, displayPath: displayPath)
        case .csv:
            return (try CSVExtractor.extract(text, fileName: fileName, displayPath: displayPath), false)
        case .html:
            let page = HTMLText.extract(text)
            return ([Document(title: page.title ?? page.firstHeading ?? fileName, textContent: page.text)], false)
        }
    }
}
