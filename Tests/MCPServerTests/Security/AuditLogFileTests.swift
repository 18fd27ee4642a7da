import Foundation
import MCP
import Testing
@testable import MCPServer

/// The audit log against real files in a temp directory.
@Suite struct AuditLogFileTests {
    static func withFolder<T>(_ body: (String) async throws -> T) async throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quire-audit-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        return try await body(folder)
    }

    static func lines(_ path: String) throws -> [JSONValue] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONValue(parsing: String($0)) }
    }

    static func permissions(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func eventsAreJSONLinesInAPrivateFileInACreatedFolder() async throws {
        try await Self.withFolder { folder in
            let path = folder + "/nested/deeper/audit.log"
            let log = AuditLogFile(path: path)
            let time = Date(timeIntervalSince1970: 1_767_323_045.678)
            await log.record(AuditEvent(
                kind: .mutation, time: time, principal: "alice", clientAddress: "127.0.0.1", transport: "http", method: "tools/call",
                tool: "delete_document", targets: ["doc-1", "doc-2"], outcome: "ok"
            ))
            await log.record(AuditEvent(kind: .authenticationFailed, time: time, outcome: "denied", reason: "expired token"))
            let lines = try Self.lines(path)
            #expect(lines.count == 2)
            #expect(lines[0] == [
                "time": "2026-01-02T03:04:05.678Z", "kind": "mutation", "principal": "alice", "client": "127.0.0.1", "transport": "http",
                "method": "tools/call", "tool": "delete_document", "targets": ["doc-1", "doc-2"], "outcome": "ok", "reason": nil,
            ])
            #expect(lines[1]["kind"] == "auth_failed")
            #expect(lines[1]["reason"] == "expired token")
            #expect(lines[1]["principal"] == .null)
            #expect(try Self.permissions(path) == 0o600)
        }
    }

    @Test func aFileThatExistsWithWiderPermissionsIsNarrowed() async throws {
        try await Self.withFolder { folder in
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let path = folder + "/audit.log"
            FileManager.default.createFile(atPath: path, contents: Data("{\"old\":true}\n".utf8), attributes: [.posixPermissions: 0o644])
            let log = AuditLogFile(path: path)
            await log.record(AuditEvent(kind: .mutation, outcome: "ok"))
            #expect(try Self.permissions(path) == 0o600)
            #expect(try Self.lines(path).count == 2)
        }
    }

    @Test func theFileRotatesPastItsCapKeepingNOldFiles() async throws {
        try await Self.withFolder { folder in
            let path = folder + "/audit.log"
            let log = AuditLogFile(configuration: .init(path: path, maxBytes: 1_000, keep: 2))
            for number in 0..<40 {
                await log.record(AuditEvent(kind: .mutation, principal: "p", tool: "t", targets: ["doc-\(number)"], outcome: "ok"))
            }
            let manager = FileManager.default
            #expect(manager.fileExists(atPath: path + ".1"))
            #expect(manager.fileExists(atPath: path + ".2"))
            #expect(!manager.fileExists(atPath: path + ".3"))
            for file in [path, path + ".1", path + ".2"] {
                let size = (try manager.attributesOfItem(atPath: file)[.size] as? NSNumber)?.intValue ?? 0
                #expect(size <= 1_000, "\(file)")
                #expect(try Self.permissions(file) == 0o600)
            }
            // The newest lines are in the live file, older ones in .1, no line is split.
            let live = try Self.lines(path)
            let previous = try Self.lines(path + ".1")
            #expect(live.last?["targets"] == ["doc-39"])
            let liveFirst = live.first?["targets"]?[0]?.stringValue ?? ""
            let previousLast = previous.last?["targets"]?[0]?.stringValue ?? ""
            #expect(Int(liveFirst.dropFirst(4)) == (Int(previousLast.dropFirst(4)) ?? -2) + 1)
        }
    }

    @Test func credentialsNeverReachTheFile() async throws {
        try await Self.withFolder { folder in
            let path = folder + "/audit.log"
            let jwt = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZSIsImF1ZCI6InF1aXJlIn0.c2lnbmF0dXJlLWJ5dGVzLWhlcmUtYW5kLW1vcmU"
            let key = "qk_live_8f3kd93jfk3l2k4j5h6g"
            let log = AuditLogFile(path: path)
            await log.record(AuditEvent(
                kind: .authenticationFailed, principal: key, method: "POST /mcp", targets: [jwt], outcome: "denied",
                reason: "bad token Bearer \(jwt) and key=\(key); header Authorization: Bearer opaque-secret-value"
            ))
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(!text.contains(jwt))
            #expect(!text.contains("eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9"))
            #expect(!text.contains(key))
            #expect(!text.contains("opaque-secret-value"))
            #expect(text.contains("[redacted]"))
            #expect(text.contains("POST /mcp"))
        }
    }

    @Test func anUnwritableLogNeverFailsTheCaller() async throws {
        try await Self.withFolder { folder in
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            // A regular file where the log's folder should be: creating the folder fails.
            FileManager.default.createFile(atPath: folder + "/blocker", contents: Data())
            let log = AuditLogFile(path: folder + "/blocker/audit.log")
            await log.record(AuditEvent(kind: .mutation, outcome: "ok"))
            await log.record(AuditEvent(kind: .mutation, outcome: "ok"))
            #expect(!FileManager.default.fileExists(atPath: folder + "/blocker/audit.log"))
        }
    }
}

@Suite struct AuditRedactorTests {
    @Test func credentialShapesAreRedacted() {
        #expect(AuditRedactor.redact("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc123_-xyz done") == "token [redacted] done")
        // alg "none": the signature segment is empty.
        #expect(AuditRedactor.redact("eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.") == "[redacted]")
        #expect(AuditRedactor.redact("key qk_abcdefgh123 used") == "key [redacted] used")
        #expect(AuditRedactor.redact("Authorization: Bearer abc") == "Authorization: Bearer [redacted]")
        #expect(AuditRedactor.redact("aaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbb.cccccccccccccccccccc") == "[redacted]")
    }

    @Test func ordinaryTextIsLeftAlone() {
        for text in ["delete_document", "doc-550e8400-e29b-41d4-a716-446655440000", "notes.v2.txt", "1.2.3", "127.0.0.1",
                     "error code -32001", "tools/call", "ünïcode text", "qk_"] {
            #expect(AuditRedactor.redact(text) == text)
        }
    }
}
