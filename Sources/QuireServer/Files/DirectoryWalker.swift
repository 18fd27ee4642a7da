import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lists the files in a folder whose names match glob patterns, in a stable order.
///
/// Hidden entries (names starting with ".") are skipped, and symlinked folders are not entered, so a
/// walk cannot loop or wander out of its root. A symlinked file is listed by the path of the link;
/// resolving it through ``FileRoots`` then decides whether it may be read.
public struct DirectoryWalker: Sendable {
    /// The patterns a file name must match one of (`*.md`); a pattern with "/" matches the path relative to the folder.
    public var patterns: [String]
    /// Whether to descend into sub-folders.
    public var recursive: Bool
    /// The most files one walk returns; more is an error, so a mistaken root cannot flood the store.
    public var limit: Int

    /// A walk matching `patterns`, into sub-folders when `recursive`, refusing more than `limit` files.
    public init(patterns: [String], recursive: Bool, limit: Int = 10_000) {
        self.patterns = patterns
        self.recursive = recursive
        self.limit = limit
    }

    /// A walk that found more files than allowed.
    public struct TooManyFiles: Error, CustomStringConvertible, Sendable {
        /// The folder walked.
        public var folder: String
        /// The limit that was exceeded.
        public var limit: Int
        /// Says how to narrow the walk.
        public var description: String { "\(folder) holds more than \(limit) matching files; narrow the patterns or pick a sub-folder" }
    }

    /// The matching files under `folder` (a real path), as paths under `folder`, sorted.
    public func files(in folder: String) throws -> [String] {
        var found: [String] = []
        do {
            try walk(folder, relative: "", into: &found)
        } catch is TooManyFiles {
            throw TooManyFiles(folder: folder, limit: limit)
        }
        return found
    }

    private func walk(_ folder: String, relative: String, into found: inout [String]) throws {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        } catch {
            throw FileAccessError.unreadable(path: folder, reason: "cannot list the folder")
        }
        for name in names where !name.hasPrefix(".") {
            let path = "\(folder)/\(name)"
            let relativePath = relative.isEmpty ? name : "\(relative)/\(name)"
            var status = stat()
            guard lstat(path, &status) == 0 else { continue }
            switch status.st_mode & S_IFMT {
            case S_IFDIR:
                if recursive { try walk(path, relative: relativePath, into: &found) }
            case S_IFREG, S_IFLNK:
                guard matches(name: name, relativePath: relativePath) else { continue }
                guard found.count < limit else { throw TooManyFiles(folder: folder, limit: limit) }
                found.append(path)
            default:
                continue
            }
        }
    }

    func matches(name: String, relativePath: String) -> Bool {
        patterns.contains { pattern in
            pattern.contains("/")
                ? fnmatch(pattern, relativePath, FNM_PATHNAME) == 0
                : fnmatch(pattern, name, 0) == 0
        }
    }
}
