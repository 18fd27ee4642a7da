import Foundation
import MCP
import Synchronization

/// A server run as a child process speaking newline-delimited JSON-RPC on stdin/stdout.
///
/// The child's stderr goes to a log file (or the terminal with `verbose`); it never reaches stdout.
/// Blocking pipe reads and writes run on their own thread and queue, never on Swift's small
/// cooperative pool. Closing ends the child: close stdin, wait, SIGTERM, wait, SIGKILL.
public final class StdioTransport: ClientTransport {
    public let serverName: String
    let entry: ServerEntry
    let logPath: String?
    let verbose: Bool
    let handshakeTimeout: Double

    private let process = Process()
    private let stdinPipe = Pipe()
    private let stdoutPipe = Pipe()
    private let pending = PendingRequests()
    private let writeQueue = DispatchQueue(label: "quire.stdio.write")
    private let handler = Mutex<(@Sendable (JSONRPCNotification) -> Void)?>(nil)
    private let modern = Mutex(false)
    private let exited = Mutex<(done: Bool, waiters: [UUID: CheckedContinuation<Bool, Never>])>((false, [:]))
    private let handshakeID = Mutex(0)
    private let stdinClosed = Mutex(false)

    /// - Parameters:
    ///   - entry: an expanded stdio entry.
    ///   - logPath: where the child's stderr goes (appended), unless `verbose`.
    public init(serverName: String, entry: ServerEntry, logPath: String?, verbose: Bool, handshakeTimeout: Double = 60) {
        self.serverName = serverName
        self.entry = entry
        self.logPath = logPath
        self.verbose = verbose
        self.handshakeTimeout = handshakeTimeout
    }

    public func setNotificationHandler(_ handler: @escaping @Sendable (JSONRPCNotification) -> Void) {
        self.handler.withLock { $0 = handler }
    }

    /// Finds `command` on the PATH the child will see (no shell involved).
    static func resolve(_ command: String, path: String?) -> String? {
        if command.contains("/") { return FileManager.default.isExecutableFile(atPath: command) ? command : nil }
        for directory in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/\(command)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    func start() throws {
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in entry.env {
            environment[key] = value
            if Masking.isSensitiveEnv(key) { SecretRedactor.shared.register(value) }
        }
        let command = entry.command ?? ""
        guard let executable = Self.resolve(command, path: environment["PATH"]) else {
            throw ClientError.connection("Could not start '\(serverName)': command '\(command)' not found; check 'command' and PATH")
        }
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = entry.args
        process.environment = environment
        if let cwd = entry.cwd { process.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        process.standardInput = stdinPipe
        process.standardOutput = stdoutPipe
        if verbose {
            process.standardError = FileHandle.standardError
        } else if let logPath {
            try? FileManager.default.createDirectory(atPath: (logPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            let fd = open(logPath, O_WRONLY | O_CREAT | O_APPEND, 0o600)
            process.standardError = fd >= 0 ? FileHandle(fileDescriptor: fd, closeOnDealloc: true) : FileHandle.nullDevice
        } else {
            process.standardError = FileHandle.nullDevice
        }
        process.terminationHandler = { [weak self] _ in self?.markExited() }
        do {
            try process.run()
        } catch {
            throw ClientError.connection("Could not start '\(serverName)': \(error.localizedDescription)")
        }
        ChildProcesses.add(process.processIdentifier)
        let readFD = stdoutPipe.fileHandleForReading.fileDescriptor
        let thread = Thread { [weak self] in self?.readLoop(fd: readFD) }
        thread.name = "quire.stdio.read"
        thread.start()
    }

    private func markExited() {
        let waiters = exited.withLock { state -> [CheckedContinuation<Bool, Never>] in
            state.done = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume(returning: true) }
    }

    private func readLoop(fd: Int32) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        var line: [UInt8] = []
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, 65536) }
            if count < 0, errno == EINTR { continue }
            if count <= 0 { break }
            var start = 0
            for index in 0..<count where buffer[index] == UInt8(ascii: "\n") {
                line.append(contentsOf: buffer[start..<index])
                handleLine(line)
                line.removeAll(keepingCapacity: true)
                start = index + 1
            }
            line.append(contentsOf: buffer[start..<count])
        }
        let log = logPath.map { " (its log: \($0))" } ?? ""
        pending.failAll(ClientError.connection("Server '\(serverName)' exited or closed its output before answering\(log)"))
    }

    private func handleLine(_ line: [UInt8]) {
        guard line.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { return }
        guard case .single(let message) = JSONRPCCodec.decode(line) else { return }
        switch message {
        case .response, .errorResponse:
            pending.resolve(message)
        case .notification(let notification):
            handler.withLock { $0 }?(notification)
        case .request(let request):
            write(ClientIdentity.reply(to: request))
        }
    }

    private func write(_ message: JSONRPCMessage) {
        let bytes = message.serialized + [UInt8(ascii: "\n")]
        let fd = stdinPipe.fileHandleForWriting.fileDescriptor
        writeQueue.async {
            // Writes are ordered on one queue; after close() the descriptor is never touched again.
            guard !self.stdinClosed.withLock({ $0 }) else { return }
            _ = SystemIO.writeAll(fd, bytes)
        }
    }

    private func nextHandshakeID() -> RequestID {
        handshakeID.withLock { value in
            value -= 1
            return .int(value)
        }
    }

    public func connect() async throws -> Handshake {
        try start()
        // Legacy first: nearly every stdio server speaks `initialize`; `server/discover` when it is unknown.
        do {
            let result = try await send(JSONRPCRequest(id: nextHandshakeID(), method: Method.initialize, params: ClientIdentity.initializeParams(.latestHandshake)))
            let version = ProtocolVersion(rawValue: result["protocolVersion"]?.stringValue ?? "")
            guard ProtocolVersion.handshake.contains(version) else {
                throw ClientError.connection("Server '\(serverName)' answered protocol version '\(version.rawValue)', which Quire does not support (it asked for \(ProtocolVersion.latestHandshake.rawValue))")
            }
            await notify(JSONRPCNotification(method: Method.initialized))
            return Handshake(era: .legacy, protocolVersion: version, serverInfo: result["serverInfo"], capabilities: result["capabilities"], instructions: result["instructions"]?.stringValue)
        } catch let failure as RPCFailure where failure.error.code == JSONRPCError.Code.methodNotFound {
            modern.withLock { $0 = true }
            let result = try await send(JSONRPCRequest(id: nextHandshakeID(), method: Method.discover, params: nil))
            return Handshake(era: .modern, protocolVersion: .v2026_07_28, serverInfo: result["_meta"]?[MetaKey.serverInfo], capabilities: result["capabilities"], instructions: result["instructions"]?.stringValue)
        }
    }

    public func send(_ request: JSONRPCRequest) async throws -> JSONValue {
        var request = request
        if modern.withLock({ $0 }) { request.params = ClientIdentity.modernParams(request.params) }
        try pending.expect(request.id, method: request.method)
        write(.request(request))
        return try await pending.wait(request.id)
    }

    public func notify(_ notification: JSONRPCNotification) async {
        var notification = notification
        if modern.withLock({ $0 }) { notification.params = ClientIdentity.modernParams(notification.params) }
        write(.notification(notification))
    }

    public func cancel(_ id: RequestID, reason: String) async {
        pending.forget(id)
        await notify(JSONRPCNotification(method: Method.cancelled, params: ["requestId": id.json, "reason": .string(reason)]))
    }

    /// Waits up to `seconds` for the child to exit; true when it did.
    private func waitForExit(seconds: Double) async -> Bool {
        await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let token = UUID()
            let registered = exited.withLock { state -> Bool in
                if state.done { return false }
                state.waiters[token] = continuation
                return true
            }
            guard registered else { return continuation.resume(returning: true) }
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
                if let waiter = self.exited.withLock({ $0.waiters.removeValue(forKey: token) }) { waiter.resume(returning: false) }
            }
        }
    }

    public func close() async {
        guard process.processIdentifier != 0 else { return }
        let pid = process.processIdentifier
        let handle = stdinPipe.fileHandleForWriting
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            writeQueue.async {
                self.stdinClosed.withLock { $0 = true }
                try? handle.close()
                continuation.resume()
            }
        }
        if !(await waitForExit(seconds: 2)) {
            if process.isRunning { kill(pid, SIGTERM) }
            if !(await waitForExit(seconds: 2)) {
                if process.isRunning { kill(pid, SIGKILL) }
            }
        }
        ChildProcesses.remove(pid)
        pending.failAll(CancellationError())
    }
}
