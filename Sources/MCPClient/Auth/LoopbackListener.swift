import Foundation
import Synchronization

/// The OAuth redirect target: `http://127.0.0.1:<port>/callback`, one blocking socket on its own
/// thread (never on Swift's cooperative pool), answering the browser and handing back the query.
final class LoopbackListener: Sendable {
    let port: Int
    private let socketFD: Int32
    private let result = OnceContinuation<[String: String]>()
    private let closed = Mutex(false)

    /// Binds 127.0.0.1 on `port` (0 = ephemeral).
    /// - Throws: ``ClientError`` naming the port when it is busy.
    init(port: Int) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ClientError.auth("Could not open a socket for the OAuth redirect") }
        var reuse: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 8) == 0 else {
            close(fd)
            throw ClientError.auth("The OAuth callback port \(port) is busy; free it or change 'callback_port'")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.port = Int(UInt16(bigEndian: actual.sin_port))
        self.socketFD = fd
        let thread = Thread { [self] in self.acceptLoop() }
        thread.name = "quire.oauth.callback"
        thread.start()
    }

    var redirectURI: String { "http://127.0.0.1:\(port)/callback" }

    private func acceptLoop() {
        while !closed.withLock({ $0 }) {
            let client = accept(socketFD, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                break
            }
            var buffer = [UInt8](repeating: 0, count: 16384)
            var received: [UInt8] = []
            while !received.contains(where: { $0 == UInt8(ascii: "\n") }) && received.count < 16384 {
                let count = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, 16384, 0) }
                if count <= 0 { break }
                received += buffer[0..<count]
            }
            let requestLine = String(decoding: received.prefix { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") }, as: UTF8.self)
            let parts = requestLine.split(separator: " ")
            var status = "404 Not Found"
            var page = "Not found"
            if parts.count >= 2, let components = URLComponents(string: "http://127.0.0.1" + parts[1]), components.path == "/callback" {
                var query: [String: String] = [:]
                for item in components.queryItems ?? [] { query[item.name] = item.value ?? "" }
                status = "200 OK"
                page = query["error"] == nil ? "Quire is signed in. You can close this window." : "Sign-in failed. You can close this window."
                result.resume(.success(query))
            }
            let body = "<!doctype html><title>Quire</title><p>\(page)</p>"
            let response = "HTTP/1.1 \(status)\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
            _ = response.withCString { send(client, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
            close(client)
        }
    }

    /// Waits for the browser's redirect; its query parameters.
    func callback(timeout: Double) async throws -> [String: String] {
        try await withThrowingTaskGroup(of: [String: String].self) { group in
            group.addTask { try await self.result.value() }
            group.addTask {
                try await Task.sleep(for: .seconds(timeout))
                throw ClientError.auth("No OAuth redirect arrived within \(Int(timeout)) s; run 'quire mcp login' again")
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw CancellationError() }
            return first
        }
    }

    /// Delivers a redirect URL the user pasted (no browser on this machine).
    func deliver(pastedURL: String) {
        guard let components = URLComponents(string: pastedURL.trimmingCharacters(in: .whitespacesAndNewlines)) else { return }
        var query: [String: String] = [:]
        for item in components.queryItems ?? [] { query[item.name] = item.value ?? "" }
        result.resume(.success(query))
    }

    func stop() {
        let wasClosed = closed.withLock { value -> Bool in
            defer { value = true }
            return value
        }
        guard !wasClosed else { return }
        shutdown(socketFD, Int32(SHUT_RDWR))
        close(socketFD)
        result.resume(.failure(CancellationError()))
    }
}
