/// Why a file tool refused or failed to read or write a file. Every case names the file as the
/// caller gave it and says what to do, in one line.
public enum FileAccessError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server was started without `--files-root`, so no file may be touched.
    case noRoots
    /// A configured root does not exist or is not a directory.
    case badRoot(path: String, reason: String)
    /// The path is empty or contains a NUL byte.
    case invalidPath(path: String)
    /// The path has a `..` component.
    case parentReference(path: String)
    /// The path (after resolving symlinks) lies outside every root.
    case outsideRoots(path: String)
    /// The path lies inside a root but a symlink on it leads outside.
    case symlinkEscape(path: String)
    /// Nothing exists at the path (or at its directory, for writing).
    case notFound(path: String)
    /// The path names a directory, device or other non-regular file.
    case notARegularFile(path: String)
    /// The path is a directory where a directory was needed but something else is there.
    case notADirectory(path: String)
    /// The operating system refused access.
    case unreadable(path: String, reason: String)
    /// The file is larger than the configured limit; it was not read.
    case tooLarge(path: String, size: Int, limit: Int)
    /// The file's bytes are not UTF-8 text.
    case notUTF8(path: String, offset: Int)
    /// Writing failed.
    case unwritable(path: String, reason: String)

    /// One line naming the file and saying what to do.
    public var description: String {
        switch self {
        case .noRoots:
            return "file access is disabled: start the server with --files-root DIR (repeatable) to allow reading and writing files under DIR"
        case let .badRoot(path, reason):
            return "files root \(path) cannot be used: \(reason)"
        case let .invalidPath(path):
            return "\"\(path)\" is not a usable file path"
        case let .parentReference(path):
            return "\(path): paths may not contain '..'; give a path inside a files root"
        case let .outsideRoots(path):
            return "\(path) is outside the files roots; only files under the server's --files-root folders may be used"
        case let .symlinkEscape(path):
            return "\(path) is a symbolic link (or passes through one) that leads outside the files roots; refused"
        case let .notFound(path):
            return "\(path) does not exist"
        case let .notARegularFile(path):
            return "\(path) is not a regular file"
        case let .notADirectory(path):
            return "\(path) is not a directory"
        case let .unreadable(path, reason):
            return "\(path) cannot be read: \(reason)"
        case let .tooLarge(path, size, limit):
            return "\(path) is \(size) bytes, over the \(limit)-byte limit for files; it was not read"
        case let .notUTF8(path, offset):
            return "\(path) is not UTF-8 text (invalid byte at offset \(offset)); convert it to UTF-8 first"
        case let .unwritable(path, reason):
            return "\(path) cannot be written: \(reason)"
        }
    }
}
