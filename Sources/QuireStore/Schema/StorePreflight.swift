import Foundation

/// File-system checks made before SQLite touches a path, so each problem gets a clear message
/// instead of a late, generic SQLite error.
enum StorePreflight {
    /// What the path holds.
    enum FileState {
        /// Nothing yet (or an empty file, which SQLite treats as a new database).
        case new
        /// A file that starts with the SQLite header.
        case sqlite
    }

    private static let sqliteHeader = Array("SQLite format 3\0".utf8)

    /// Checks `path` and returns what it holds.
    ///
    /// - Parameter readOnly: The store will only be read, so write access is not required
    ///   but the file must already exist.
    static func check(path: String, readOnly: Bool) throws(StoreError) -> FileState {
        guard !path.isEmpty else { throw StoreError.cannotOpen(path: path, reason: "the path is empty") }
        let fileManager = FileManager.default
        let directory = directoryOf(path)

        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw StoreError.cannotOpen(path: path, reason: "directory \(directory) does not exist; create it first")
        }
        guard isDirectory.boolValue else {
            throw StoreError.cannotOpen(path: path, reason: "\(directory) is not a directory")
        }

        let exists = fileManager.fileExists(atPath: path, isDirectory: &isDirectory)
        if exists && isDirectory.boolValue {
            throw StoreError.cannotOpen(path: path, reason: "it is a directory; give a file path such as \(path)/quire.db")
        }
        if readOnly {
            guard exists else {
                throw StoreError.cannotOpen(path: path, reason: "no store exists there, and a read-only store cannot be created")
            }
        } else {
            if exists && !isWritable(path) { throw StoreError.readOnly(path: path) }
            // SQLite creates the file and its -wal and -shm companions beside it.
            if !isWritable(directory) { throw StoreError.readOnly(path: directory) }
        }
        guard exists else { return .new }

        guard fileManager.isReadableFile(atPath: path), let handle = FileHandle(forReadingAtPath: path) else {
            throw StoreError.cannotOpen(path: path, reason: "the file is not readable")
        }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: sqliteHeader.count)) ?? Data()
        if header.isEmpty { return .new }
        guard Array(header) == sqliteHeader else {
            throw StoreError.notAQuireStore(path: path, reason: "file is not a database")
        }
        return .sqlite
    }

    /// The directory holding `path` (`.` for a bare file name).
    static func directoryOf(_ path: String) -> String {
        let directory = (path as NSString).deletingLastPathComponent
        return directory.isEmpty ? "." : directory
    }

    /// Whether the process may write `path` and its mode grants write to someone.
    ///
    /// The mode check matters when running as root, which `access(2)` lets write anything:
    /// a file or directory marked read-only is still treated as read-only, as its owner intended.
    private static func isWritable(_ path: String) -> Bool {
        guard FileManager.default.isWritableFile(atPath: path) else { return false }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let permissions = (attributes?[.posixPermissions] as? NSNumber)?.intValue else { return true }
        return permissions & 0o222 != 0
    }
}
