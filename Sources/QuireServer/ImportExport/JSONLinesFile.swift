import Foundation

/// Reads a file line by line in large blocks, so a JSON Lines export of any size is imported
/// without holding it all in memory.
struct JSONLinesFile {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false
    /// Bytes handed out so far, for progress.
    private(set) var bytesRead: Int64 = 0
    /// The 1-based number of the last line returned.
    private(set) var lineNumber = 0

    init(path: String) throws(FileAccessError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .unreadable(path: path, reason: FileRoots.errnoText())
        }
        self.handle = handle
    }

    /// The next line without its line ending, or `nil` at the end of the file.
    mutating func nextLine() throws(FileAccessError) -> ArraySlice<UInt8>? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                var line = buffer[start..<newline]
                if line.last == 0x0D { line = line.dropLast() }
                bytesRead += Int64(newline + 1 - start)
                start = newline + 1
                lineNumber += 1
                return line
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                bytesRead += Int64(buffer.count - start)
                start = buffer.count
                lineNumber += 1
                return line
            }
            // Keep the unfinished line, then read the next block after it.
            buffer.removeSubrange(..<start)
            start = 0
            let block: Data?
            do {
                block = try handle.read(upToCount: 1 << 20)
            } catch {
                throw .unreadable(path: "", reason: String(describing: error))
            }
            if let block, !block.isEmpty { buffer.append(contentsOf: block) } else { atEnd = true }
        }
    }

    func close() { try? handle.close() }
}
