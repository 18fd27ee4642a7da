import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The folders file tools may use (`--files-root`), and the rule that keeps every access inside them.
///
/// A path is resolved to its real path (every symlink followed) and accepted only when that lies
/// inside a root's real path. A `..` component is refused outright, whatever it would resolve to,
/// so the rule is easy to state. A relative path is relative to the first root.
public struct FileRoots: Sendable {
    /// The roots as real paths, in the order given.
    public let paths: [String]

    /// Resolves each root to its real path.
    ///
    /// - Throws: ``FileAccessError/badRoot(path:reason:)`` when a root is missing or not a directory.
    public init(_ roots: [String]) throws(FileAccessError) {
        var resolved: [String] = []
        for root in roots {
            guard let real = Self.realPath(root) else {
                throw .badRoot(path: root, reason: Self.errnoText())
            }
            var status = stat()
            guard stat(real, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else {
                throw .badRoot(path: root, reason: "not a directory")
            }
            if !resolved.contains(real) { resolved.append(real) }
        }
        paths = resolved
    }

    /// Whether no root is configured, so every file access is refused.
    public var isEmpty: Bool { paths.isEmpty }

    /// The real path of an existing file or directory inside a root.
    ///
    /// - Throws: ``FileAccessError`` naming `path`: no roots, `..`, outside the roots, a symlink
    ///   leading out, or nothing there.
    public func resolveExisting(_ path: String) throws(FileAccessError) -> String {
        let absolute = try absolutePath(path)
        guard let real = Self.realPath(absolute) else {
            if errno == ENOENT || errno == ENOTDIR { throw .notFound(path: path) }
            throw .unreadable(path: path, reason: Self.errnoText())
        }
        try confine(real, lexical: absolute, given: path)
        return real
    }

    /// Where a new or replaced file at `path` may be written: its folder must exist inside a root,
    /// and the file itself, when present, must be a regular file (never a symlink, which could lead out).
    public func resolveForWriting(_ path: String) throws(FileAccessError) -> String {
        let absolute = try absolutePath(path)
        let url = URL(fileURLWithPath: absolute)
        let name = url.lastPathComponent
        guard !name.isEmpty, name != ".", name != "/" else { throw .invalidPath(path: path) }
        let folder = url.deletingLastPathComponent().path
        guard let realFolder = Self.realPath(folder) else {
            if errno == ENOENT || errno == ENOTDIR { throw .notFound(path: (path as NSString).deletingLastPathComponent) }
            throw .unreadable(path: path, reason: Self.errnoText())
        }
        try confine(realFolder, lexical: folder, given: path)
        let target = realFolder == "/" ? "/\(name)" : "\(realFolder)/\(name)"
        var status = stat()
        if lstat(target, &status) == 0 {
            let kind = status.st_mode & S_IFMT
            if kind == S_IFLNK { throw .symlinkEscape(path: path) }
            if kind != S_IFREG { throw .notARegularFile(path: path) }
        }
        return target
    }

    /// Whether `realPath` (already resolved) lies inside a root.
    public func contains(realPath: String) -> Bool {
        paths.contains { root in Self.isInside(realPath, root: root) }
    }

    // MARK: - Helpers

    private func absolutePath(_ path: String) throws(FileAccessError) -> String {
        guard let first = paths.first else { throw .noRoots }
        guard !path.isEmpty, !path.utf8.contains(0) else { throw .invalidPath(path: path) }
        if path.split(separator: "/", omittingEmptySubsequences: true).contains("..") {
            throw .parentReference(path: path)
        }
        return path.hasPrefix("/") ? path : "\(first)/\(path)"
    }

    private func confine(_ real: String, lexical: String, given: String) throws(FileAccessError) {
        guard !contains(realPath: real) else { return }
        // The path as written sits in a root, so a symlink on the way is what leads out.
        let lexicallyInside = paths.contains { Self.isInside(Self.collapsed(lexical), root: $0) }
        throw lexicallyInside ? .symlinkEscape(path: given) : .outsideRoots(path: given)
    }

    static func isInside(_ path: String, root: String) -> Bool {
        if root == "/" { return path.hasPrefix("/") }
        return path == root || path.hasPrefix(root + "/")
    }

    /// `path` without empty and `.` components (no symlinks resolved).
    private static func collapsed(_ path: String) -> String {
        "/" + path.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}
