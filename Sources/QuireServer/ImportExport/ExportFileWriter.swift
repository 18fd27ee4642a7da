import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes one export file all-or-nothing: bytes go to a hidden temporary file beside the target,
/// which replaces the target only on ``commit()``; ``discard()`` (or an error) leaves no trace.
final class ExportFileWriter {
    /// Where the file will appear.
    let path: String
    private let temporaryPath: String
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private(set) var bytesWritten = 0
    private var finished = false

    init(path: String) throws(FileAccessError) {
        self.path = path
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        temporaryPath = "\(folder)/.\(name).quire-\(UUID().uuidString.prefix(8)).tmp"
        // O_EXCL | O_NOFOLLOW: never write through something that appeared at the temporary name.
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .unwritable(path: path, reason: FileRoots.errnoText()) }
    }

    deinit {
        if !finished { discard() }
    }

    func write(_ bytes: [UInt8]) throws(FileAccessError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Moves the finished file into place and returns its size.
    @discardableResult
    func commit() throws(FileAccessError) -> Int {
        try flush()
        finished = true
        guard fsync(descriptor) == 0, close(descriptor) == 0 else {
            let reason = FileRoots.errnoText()
            unlink(temporaryPath)
            throw .unwritable(path: path, reason: reason)
        }
        guard rename(temporaryPath, path) == 0 else {
            let reason = FileRoots.errnoText()
            unlink(temporaryPath)
            throw .unwritable(path: path, reason: reason)
        }
        return bytesWritten
    }

    /// Drops the temporary file; the target is untouched.
    func discard() {
        guard !finished else { return }
        finished = true
        close(descriptor)
        unlink(temporaryPath)
    }

    private static func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.write(descriptor, bytes, count)
        #else
        return Darwin.write(descriptor, bytes, count)
        #endif
    }

    private func flush() throws(FileAccessError) {
        var offset = 0
        while offset < buffer.count {
            let count = buffer.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return Self.systemWrite(descriptor, base + offset, raw.count - offset)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unwritable(path: path, reason: FileRoots.errnoText())
            }
            offset += count
        }
        bytesWritten += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }
}
