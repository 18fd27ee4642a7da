import Foundation
import MCP

/// Atomic, private file writes: a temp file in the same directory, mode 0600, then rename, so a
/// reader never sees half a file and secrets are never world-readable even for a moment.
public enum SecureFile {
    /// Writes `bytes` to `path` atomically with mode 0600, creating the directory (0700) if needed.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let temp = directory + "/." + (path as NSString).lastPathComponent + ".\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw ConfigError("Could not write \(path): \(String(cString: strerror(errno)))") }
        let failed = !SystemIO.writeAll(fd, bytes) || fsync(fd) != 0
        SystemIO.closeDescriptor(fd)
        if failed || rename(temp, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temp)
            throw ConfigError("Could not write \(path): \(reason)")
        }
    }

    /// Writes a JSON value pretty-printed (2-space indent, sorted keys) with a trailing newline.
    public static func writeJSON(_ value: JSONValue, to path: String) throws {
        try write(value.serialized(pretty: true) + [UInt8(ascii: "\n")], to: path)
    }

    /// The file's bytes, or `nil` when it does not exist.
    public static func read(_ path: String) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return [UInt8](data)
    }
}
