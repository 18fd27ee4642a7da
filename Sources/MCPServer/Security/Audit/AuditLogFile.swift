import Foundation
import Logging
import MCP

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes audit events as JSON lines to a file, rotating it when it grows past a size cap:
/// `audit.log` becomes `audit.log.1`, `.1` becomes `.2`, … and the oldest beyond
/// ``Configuration/keep`` is dropped.
///
/// Each line is one `write` to a file opened with `O_APPEND` and mode `0600` (its folder is
/// created when missing), so lines never interleave and only the server's user can read them.
/// Every string is passed through ``AuditRedactor`` first. Failures never reach the request that
/// caused the event: they are reported once through the logger and the event is dropped.
///
/// ```json
/// {"client":"127.0.0.1","kind":"mutation","method":"tools/call","outcome":"ok","principal":"alice",
///  "reason":null,"targets":["doc-1"],"time":"2026-01-02T03:04:05.678Z","tool":"delete_document","transport":"http"}
/// ```
public actor AuditLogFile: AuditSink {
    /// Where the log goes and how much of it is kept.
    public struct Configuration: Sendable, Hashable {
        /// The live log file; rotated files get `.1`, `.2`, … appended.
        public var path: String
        /// The size past which the file is rotated before the next line (default 10 MB).
        public var maxBytes: Int
        /// How many rotated files are kept (default 5); `0` keeps none.
        public var keep: Int

        /// A log at `path` rotated past `maxBytes`, keeping `keep` old files.
        public init(path: String, maxBytes: Int = 10 * 1024 * 1024, keep: Int = 5) {
            self.path = path
            self.maxBytes = max(1, maxBytes)
            self.keep = max(0, keep)
        }
    }

    /// Where this sink writes.
    public let configuration: Configuration
    private let logger: Logger
    private var descriptor: Int32 = -1
    private var size = 0
    private var reportedFailure = false

    /// A sink writing to `configuration.path`. Nothing is opened until the first event.
    public init(configuration: Configuration, logger: Logger = Logger(label: "quire.audit")) {
        self.configuration = configuration
        self.logger = logger
    }

    /// A sink writing to `path` with the default caps (10 MB × 5 files).
    public init(path: String) {
        self.init(configuration: Configuration(path: path))
    }

    deinit {
        if descriptor >= 0 { closeDescriptor(descriptor) }
    }

    /// Appends `event` as one JSON line. Never throws: a write failure is logged and the
    /// event dropped, since auditing must not take the server down with it.
    public func record(_ event: AuditEvent) async {
        var line = Self.json(for: event).serialized()
        line.append(UInt8(ascii: "\n"))
        do {
            try openIfNeeded()
            if size > 0, size + line.count > configuration.maxBytes { try rotate() }
            try writeAll(line)
            reportedFailure = false
        } catch {
            if !reportedFailure {
                logger.error("cannot write the audit log \(configuration.path): \(error)")
                reportedFailure = true
            }
            closeFile()
        }
    }

    /// Closes the file; the next event reopens it (after an external rotation, say).
    public func close() {
        closeFile()
    }

    /// The JSON object of one line, every string redacted.
    static func json(for event: AuditEvent) -> JSONValue {
        func text(_ value: String?) -> JSONValue { value.map { .string(AuditRedactor.redact($0)) } ?? .null }
        return [
            "time": .string(RFC3339.format(event.time)),
            "kind": .string(event.kind.rawValue),
            "principal": text(event.principal),
            "client": text(event.clientAddress),
            "transport": text(event.transport),
            "method": text(event.method),
            "tool": text(event.tool),
            "targets": .array(event.targets.map { .string(AuditRedactor.redact($0)) }),
            "outcome": .string(AuditRedactor.redact(event.outcome)),
            "reason": text(event.reason),
        ]
    }

    // MARK: - Files

    private struct SystemError: Error, CustomStringConvertible {
        let operation: String
        let code: Int32
        var description: String { "\(operation): \(String(cString: strerror(code)))" }
    }

    private func openIfNeeded() throws {
        guard descriptor < 0 else { return }
        let folder = (configuration.path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let opened = open(configuration.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard opened >= 0 else { throw SystemError(operation: "open", code: errno) }
        // A file created earlier by someone else may be wider open than the log should be.
        _ = fchmod(opened, 0o600)
        var status = stat()
        guard fstat(opened, &status) == 0 else {
            let code = errno
            closeDescriptor(opened)
            throw SystemError(operation: "stat", code: code)
        }
        descriptor = opened
        size = Int(status.st_size)
    }

    private func rotate() throws {
        closeFile()
        let path = configuration.path
        if configuration.keep == 0 {
            guard unlink(path) == 0 || errno == ENOENT else { throw SystemError(operation: "unlink", code: errno) }
        } else {
            // Oldest first, so each rename lands on a name just vacated (or overwrites the oldest).
            for generation in stride(from: configuration.keep - 1, through: 1, by: -1) {
                _ = rename("\(path).\(generation)", "\(path).\(generation + 1)")
            }
            guard rename(path, "\(path).1") == 0 else { throw SystemError(operation: "rename", code: errno) }
        }
        try openIfNeeded()
    }

    private func writeAll(_ bytes: [UInt8]) throws {
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                write(descriptor, buffer.baseAddress.map { $0 + written }, bytes.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw SystemError(operation: "write", code: errno)
            }
            written += result
        }
        size += written
    }

    private func closeFile() {
        if descriptor >= 0 { closeDescriptor(descriptor) }
        descriptor = -1
    }
}

/// The system `close`, reachable from inside the actor, whose own ``AuditLogFile/close()`` hides it.
private func closeDescriptor(_ descriptor: Int32) {
    _ = close(descriptor)
}
