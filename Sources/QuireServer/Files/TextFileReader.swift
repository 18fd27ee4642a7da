import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a UTF-8 text file with a size limit, checking the size before reading a byte.
public enum TextFileReader {
    /// The default limit on one file's size: 20 MB.
    public static let defaultLimit = 20 * 1024 * 1024

    /// The text of the regular file at `realPath`, without a leading byte-order mark.
    ///
    /// - Parameters:
    ///   - realPath: A path already resolved (and confined) by ``FileRoots``.
    ///   - displayPath: The path as the caller gave it, for error messages.
    ///   - limit: The largest size read, in bytes.
    public static func read(realPath: String, displayPath: String, limit: Int) throws(FileAccessError) -> String {
        let bytes = try readBytes(realPath: realPath, displayPath: displayPath, limit: limit)
        return try decode(bytes, displayPath: displayPath)
    }

    /// The raw bytes of the regular file at `realPath`, at most `limit` of them.
    public static func readBytes(realPath: String, displayPath: String, limit: Int) throws(FileAccessError) -> [UInt8] {
        // O_NOFOLLOW: the path was resolved already, so a symlink here means it was swapped since.
        let descriptor = open(realPath, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else {
            if errno == ENOENT { throw .notFound(path: displayPath) }
            if errno == ELOOP { throw .symlinkEscape(path: displayPath) }
            throw .unreadable(path: displayPath, reason: FileRoots.errnoText())
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .unreadable(path: displayPath, reason: FileRoots.errnoText()) }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw .notARegularFile(path: displayPath) }
        let size = Int(status.st_size)
        guard size <= limit else { throw .tooLarge(path: displayPath, size: size, limit: limit) }

        // Read to end of file, not to st_size: the file may change while we read, and the limit still holds.
        var bytes = [UInt8](repeating: 0, count: min(size, limit) + 1)
        var filled = 0
        while true {
            if filled == bytes.count {
                guard bytes.count <= limit else { throw .tooLarge(path: displayPath, size: filled, limit: limit) }
                bytes.append(contentsOf: repeatElement(0, count: min(64 * 1024, limit + 1 - bytes.count)))
            }
            let count = bytes.withUnsafeMutableBufferPointer { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return systemRead(descriptor, base + filled, buffer.count - filled)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: displayPath, reason: FileRoots.errnoText())
            }
            if count == 0 { break }
            filled += count
        }
        guard filled <= limit else { throw .tooLarge(path: displayPath, size: filled, limit: limit) }
        bytes.removeSubrange(filled...)
        return bytes
    }

    private static func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.read(descriptor, buffer, count)
        #else
        return Darwin.read(descriptor, buffer, count)
        #endif
    }

    /// `bytes` as a string, or ``FileAccessError/notUTF8(path:offset:)`` naming the first bad byte.
    public static func decode(_ bytes: [UInt8], displayPath: String) throws(FileAccessError) -> String {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let text = String(validating: body, as: UTF8.self) { return text }
        throw .notUTF8(path: displayPath, offset: firstInvalidOffset(body) + (bytes.count - body.count))
    }

    private static func firstInvalidOffset(_ bytes: ArraySlice<UInt8>) -> Int {
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput: return offset
            case .error: return offset
            }
        }
    }
}
