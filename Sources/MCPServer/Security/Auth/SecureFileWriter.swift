import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes secrets-bearing files: the bytes go to a temporary file created with mode 0600 in the
/// same folder, which is then renamed over the target, so a reader sees the old file or the new
/// one, never half of one, and nobody else can read either.
enum SecureFileWriter {
    /// Writes `data` to `url` with mode 0600, creating the folder (mode 0700) when missing.
    static func writeAtomically(_ data: Data, to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        // open(2) with 0600 from the start: no window in which the file has wider permissions.
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw posixError("cannot create \(temporary.path)") }
        var written = 0
        let failed = data.withUnsafeBytes { buffer -> Bool in
            guard let base = buffer.baseAddress else { return fsync(descriptor) != 0 }
            while written < buffer.count {
                let result = write(descriptor, base + written, buffer.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    return true
                }
                written += result
            }
            return fsync(descriptor) != 0
        }
        guard !failed else {
            let error = posixError("cannot write \(temporary.path)")
            close(descriptor)
            unlink(temporary.path)
            throw error
        }
        close(descriptor)
        guard rename(temporary.path, url.path) == 0 else {
            let error = posixError("cannot move the new file into \(url.path)")
            unlink(temporary.path)
            throw error
        }
    }

    private static func posixError(_ message: String) -> SecureFileWriteError {
        SecureFileWriteError(message: "\(message): \(String(cString: strerror(errno)))")
    }
}

/// A file that could not be written; `message` names it and the system's reason.
struct SecureFileWriteError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
