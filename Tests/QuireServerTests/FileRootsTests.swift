import Foundation
import Testing
@testable import QuireServer

/// The error opening `paths` as roots throws, if any.
func rootsError(_ paths: [String]) -> FileAccessError? {
    do {
        _ = try FileRoots(paths)
        return nil
    } catch {
        return error
    }
}

@Suite struct FileRootsTests {
    /// A root with `inside.txt`, a sibling folder `outside/secret.txt`, and a few symlinks.
    func layout(_ body: (_ root: String, _ outside: String) throws -> Void) async throws {
        try await withExtractionFolder { folder in
            let root = folder + "/root", outside = folder + "/outside"
            try writeFile(root + "/inside.txt", "hello")
            try writeFile(root + "/sub/deep.md", "# Deep")
            try writeFile(outside + "/secret.txt", "secret")
            try FileManager.default.createSymbolicLink(atPath: root + "/link-out.txt", withDestinationPath: outside + "/secret.txt")
            try FileManager.default.createSymbolicLink(atPath: root + "/dir-out", withDestinationPath: outside)
            try FileManager.default.createSymbolicLink(atPath: root + "/link-in.txt", withDestinationPath: root + "/sub/deep.md")
            try body(root, outside)
        }
    }

    @Test func relativePathsAreRelativeToTheFirstRoot() async throws {
        try await layout { root, outside in
            let roots = try FileRoots([root, outside])
            #expect(try roots.resolveExisting("inside.txt") == root + "/inside.txt")
            #expect(try roots.resolveExisting("sub/deep.md") == root + "/sub/deep.md")
            #expect(try roots.resolveExisting("./sub//deep.md") == root + "/sub/deep.md")
            // An absolute path in the second root is fine too.
            #expect(try roots.resolveExisting(outside + "/secret.txt") == outside + "/secret.txt")
        }
    }

    @Test func parentReferencesAreRefusedEvenWhenTheyWouldStayInside() async throws {
        try await layout { root, _ in
            let roots = try FileRoots([root])
            for path in ["../outside/secret.txt", "../x", "sub/../inside.txt", root + "/../outside/secret.txt", ".."] {
                let error = thrownError(FileAccessError.self) { _ = try roots.resolveExisting(path) }
                #expect(error == .parentReference(path: path), "\(path)")
                #expect(error?.description.contains("'..'") == true)
            }
        }
    }

    @Test func absolutePathsOutsideTheRootsAreRefused() async throws {
        try await layout { root, outside in
            let roots = try FileRoots([root])
            #expect(thrownError(FileAccessError.self) { _ = try roots.resolveExisting(outside + "/secret.txt") } == .outsideRoots(path: outside + "/secret.txt"))
            #expect(thrownError(FileAccessError.self) { _ = try roots.resolveExisting("/etc/passwd") } == .outsideRoots(path: "/etc/passwd"))
            // A root's name as a prefix of a sibling is not inside it.
            try writeFile(root + "-other/file.txt", "x")
            #expect(thrownError(FileAccessError.self) { _ = try roots.resolveExisting(root + "-other/file.txt") } == .outsideRoots(path: root + "-other/file.txt"))
        }
    }

    @Test func symlinksLeadingOutAreRefused() async throws {
        try await layout { root, _ in
            let roots = try FileRoots([root])
            #expect(thrownError(FileAccessError.self) { _ = try roots.resolveExisting("link-out.txt") } == .symlinkEscape(path: "link-out.txt"))
            #expect(thrownError(FileAccessError.self) { _ = try roots.resolveExisting("dir-out/secret.txt") } == .symlinkEscape(path: "dir-out/secret.txt"))
            #expect(thrownError(FileAccessError.self) { _ = try roots.resolveExisting(root + "/link-out.txt") } == .symlinkEscape(path: root + "/link-out.txt"))
        }
    }

    @Test func symlinksWithinTheRootAreFine() async throws {
        try await layout { root, _ in
            let roots = try FileRoots([root])
            #expect(try roots.resolveExisting("link-in.txt") == root + "/sub/deep.md")
        }
    }

    @Test func missingFilesAndRootsAreNamed() async throws {
        try await layout { root, _ in
            let roots = try FileRoots([root])
            #expect(thrownError(FileAccessError.self) { _ = try roots.resolveExisting("nope.txt") } == .notFound(path: "nope.txt"))
            #expect(rootsError([root + "/missing"]) == .badRoot(path: root + "/missing", reason: "No such file or directory"))
            #expect(rootsError([root + "/inside.txt"]) == .badRoot(path: root + "/inside.txt", reason: "not a directory"))
        }
    }

    @Test func noRootsRefusesEverythingWithAHint() throws {
        let roots = try FileRoots([])
        let error = thrownError(FileAccessError.self) { _ = try roots.resolveExisting("a.txt") }
        #expect(error == .noRoots)
        #expect(error?.description.contains("--files-root") == true)
    }

    @Test func writingStaysInsideAndNeverThroughASymlink() async throws {
        try await layout { root, outside in
            let roots = try FileRoots([root])
            #expect(try roots.resolveForWriting("new.json") == root + "/new.json")
            #expect(try roots.resolveForWriting("inside.txt") == root + "/inside.txt")
            #expect(thrownError(FileAccessError.self) { _ = try roots.resolveForWriting("link-out.txt") } == .symlinkEscape(path: "link-out.txt"))
            #expect(thrownError(FileAccessError.self) { _ = try roots.resolveForWriting("dir-out/new.txt") } == .symlinkEscape(path: "dir-out/new.txt"))
            #expect(thrownError(FileAccessError.self) { _ = try roots.resolveForWriting(outside + "/new.txt") } == .outsideRoots(path: outside + "/new.txt"))
            #expect(thrownError(FileAccessError.self) { _ = try roots.resolveForWriting("../new.txt") } == .parentReference(path: "../new.txt"))
            #expect(thrownError(FileAccessError.self) { _ = try roots.resolveForWriting("no/such/dir/new.txt") } == .notFound(path: "no/such/dir"))
            #expect(thrownError(FileAccessError.self) { _ = try roots.resolveForWriting("sub") } == .notARegularFile(path: "sub"))
        }
    }
}

@Suite struct TextFileReaderTests {
    @Test func readsUTF8AndDropsAByteOrderMark() async throws {
        try await withExtractionFolder { folder in
            try writeFile(folder + "/a.txt", bytes: [0xEF, 0xBB, 0xBF] + Array("héllo".utf8))
            #expect(try TextFileReader.read(realPath: folder + "/a.txt", displayPath: "a.txt", limit: 100) == "héllo")
        }
    }

    @Test func notUTF8IsAnErrorNamingTheFileAndOffset() async throws {
        try await withExtractionFolder { folder in
            try writeFile(folder + "/latin1.txt", bytes: Array("caf".utf8) + [0xE9, 0x20, 0x6F, 0x6B])
            let error = thrownError(FileAccessError.self) { _ = try TextFileReader.read(realPath: folder + "/latin1.txt", displayPath: "latin1.txt", limit: 100) }
            #expect(error == .notUTF8(path: "latin1.txt", offset: 3))
            #expect(error?.description.contains("latin1.txt is not UTF-8") == true)
        }
    }

    @Test func oversizeFilesAreRefusedBeforeReading() async throws {
        try await withExtractionFolder { folder in
            // A sparse 50 MB file: refusing it must not depend on reading it.
            let path = folder + "/big.txt"
            #expect(FileManager.default.createFile(atPath: path, contents: nil))
            let handle = try #require(FileHandle(forWritingAtPath: path))
            try handle.truncate(atOffset: 50 * 1024 * 1024)
            try handle.close()
            let error = thrownError(FileAccessError.self) { _ = try TextFileReader.read(realPath: path, displayPath: "big.txt", limit: 20 * 1024 * 1024) }
            #expect(error == .tooLarge(path: "big.txt", size: 50 * 1024 * 1024, limit: 20 * 1024 * 1024))
            #expect(error?.description.contains("it was not read") == true)
        }
    }

    @Test func exactlyTheLimitIsAllowed() async throws {
        try await withExtractionFolder { folder in
            try writeFile(folder + "/ten.txt", String(repeating: "x", count: 10))
            #expect(try TextFileReader.read(realPath: folder + "/ten.txt", displayPath: "ten.txt", limit: 10).count == 10)
            #expect(thrownError(FileAccessError.self) { _ = try TextFileReader.read(realPath: folder + "/ten.txt", displayPath: "ten.txt", limit: 9) } == .tooLarge(path: "ten.txt", size: 10, limit: 9))
        }
    }

    @Test func directoriesAreNotRegularFiles() async throws {
        try await withExtractionFolder { folder in
            #expect(thrownError(FileAccessError.self) { _ = try TextFileReader.read(realPath: folder, displayPath: "dir", limit: 10) } == .notARegularFile(path: "dir"))
        }
    }
}

@Suite struct DirectoryWalkerTests {
    @Test func matchesPatternsSkipsHiddenAndRespectsRecursion() async throws {
        try await withExtractionFolder { folder in
            for name in ["a.md", "b.txt", "c.bin", ".hidden.md", "sub/d.md", ".git/e.md", "sub/deeper/f.txt"] { try writeFile(folder + "/" + name, "x") }
            let all = try DirectoryWalker(patterns: ["*.md", "*.txt"], recursive: true).files(in: folder)
            #expect(all == ["a.md", "b.txt", "sub/d.md", "sub/deeper/f.txt"].map { folder + "/" + $0 })
            let top = try DirectoryWalker(patterns: ["*.md", "*.txt"], recursive: false).files(in: folder)
            #expect(top == [folder + "/a.md", folder + "/b.txt"])
            let pathPattern = try DirectoryWalker(patterns: ["sub/*.md"], recursive: true).files(in: folder)
            #expect(pathPattern == [folder + "/sub/d.md"])
            #expect(throws: DirectoryWalker.TooManyFiles.self) { _ = try DirectoryWalker(patterns: ["*"], recursive: true, limit: 2).files(in: folder) }
        }
    }
}
