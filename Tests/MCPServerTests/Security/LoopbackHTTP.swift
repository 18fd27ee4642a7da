import Foundation
import Hummingbird
import HTTPTypes
import Logging
import ServiceLifecycle
import MCP
import Synchronization
@testable import MCPServer

#if canImport(Glibc)
import Glibc
#endif

/// One HTTP/1.1 answer as it came off the wire.
struct RawHTTPResponse: Sendable {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }
    var json: JSONValue? { try? JSONValue(parsing: body) }
}

/// A deliberately small HTTP client over a raw socket, so tests control every header byte.
/// The blocking socket work runs on a thread of its own, never on a Swift concurrency thread.
enum LoopbackHTTP {
    struct Failure: Error { let what: String }

    static func send(
        port: Int, method: String = "GET", path: String, headers: [(String, String)] = [], body: [UInt8] = []
    ) async throws -> RawHTTPResponse {
        // A thread of its own: blocked dispatch workers would starve the pool other tests (and
        // on Linux, Swift concurrency) share while a flood of these waits on the server.
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try sendBlocking(port: port, method: method, path: path, headers: headers, body: body) })
            }.start()
        }
    }

    private static func sendBlocking(port: Int, method: String, path: String, headers: [(String, String)], body: [UInt8]) throws -> RawHTTPResponse {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(what: "socket") }
        defer { close(fd) }
        // A test that goes wrong fails after a while instead of hanging the suite.
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(what: "connect") }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\n\r\n"
        let request = Array(head.utf8) + body
        var sent = 0
        while sent < request.count {
            let result = request.withUnsafeBytes { Glibc.send(fd, $0.baseAddress.map { $0 + sent }, request.count - sent, Int32(MSG_NOSIGNAL)) }
            guard result > 0 else { break }  // the server may close early on a refused request
            sent += result
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            received.append(contentsOf: buffer[0..<count])
        }
        return try parse(received)
    }

    private static func parse(_ bytes: [UInt8]) throws -> RawHTTPResponse {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let end = bytes.indices.first(where: { bytes[$0...].starts(with: separator) }) else { throw Failure(what: "no header end in \(bytes.count) bytes") }
        let lines = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        guard let statusLine = lines.first, let status = statusLine.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else {
            throw Failure(what: "status line")
        }
        let headers = lines.dropFirst().compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var body = Array(bytes[(end + separator.count)...])
        if headers.contains(where: { $0.name.lowercased() == "transfer-encoding" && $0.value.lowercased().contains("chunked") }) {
            body = dechunk(body)
        }
        return RawHTTPResponse(status: status, headers: headers, body: body)
    }

    private static func dechunk(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard let lineEnd = bytes[index...].firstIndex(of: UInt8(ascii: "\r")) else { break }
            let sizeText = String(decoding: bytes[index..<lineEnd], as: UTF8.self).split(separator: ";").first.map(String.init) ?? ""
            guard let size = Int(sizeText, radix: 16), size > 0 else { break }
            let start = lineEnd + 2
            guard start + size <= bytes.count else { break }
            output.append(contentsOf: bytes[start..<(start + size)])
            index = start + size + 2
        }
        return output
    }
}

/// Runs a Hummingbird application on 127.0.0.1 with an ephemeral port for the length of `body`.
func withLoopbackServer<T: Sendable>(
    _ router: Router<MCPRequestContext>, _ body: @Sendable (Int) async throws -> T
) async throws -> T {
    let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
    let logger = Logger(label: "quire-test")
    let app = Application(
        router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "quire-test"),
        onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) }, logger: logger
    )
    let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
    let running = Task { try await group.run() }
    defer { running.cancel() }
    var iterator = ports.makeAsyncIterator()
    guard let port = await iterator.next(), port > 0 else { throw LoopbackHTTP.Failure(what: "server did not start") }
    let result = try await body(port)
    // A graceful stop: the server closes its listener and idle connections, then returns.
    await group.triggerGracefulShutdown()
    _ = await running.result
    return result
}

/// Stands in for the authentication middleware: the `X-Test-Principal` header names the caller.
struct TestPrincipalMiddleware: RouterMiddleware {
    typealias Context = MCPRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let name = HTTPField.Name("X-Test-Principal"), let id = request.headers[name] { context.principal = Principal(id: id, scopes: ["*"]) }
        return try await next(request, context)
    }
}

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let elapsed = Mutex<Duration>(.zero)
    var clock: RateLimitClock { RateLimitClock { self.elapsed.withLock { $0 } } }
    func advance(_ by: Duration) { elapsed.withLock { $0 += by } }
}
