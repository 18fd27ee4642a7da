import Foundation
import MCPServer
import Testing
@testable import QuireServer

/// The HTTP client against a loopback port that accepts connections and never answers.
@Suite struct EndpointCancellationTests {
    /// A listening socket nobody reads from: the kernel completes connections into the
    /// backlog, so clients connect, send, and wait.
    final class SilentListener: Sendable {
        let descriptor: Int32
        let port: UInt16

        init() throws {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw POSIXError(.EMFILE) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                    bind(fd, generic, length) == 0 && listen(fd, 8) == 0 && getsockname(fd, generic, &length) == 0
                }
            }
            guard bound else {
                close(fd)
                throw POSIXError(.EADDRINUSE)
            }
            descriptor = fd
            port = UInt16(bigEndian: address.sin_port)
        }

        var url: String { "http://127.0.0.1:\(port)" }

        /// Waits for one connection, on a dispatch thread (accept blocks), and returns its descriptor.
        func acceptOne() async -> Int32 {
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(returning: accept(self.descriptor, nil, nil)) }
            }
        }

        deinit { close(descriptor) }
    }

    @Test func cancellingTheCallerAbandonsTheExchangeInFlight() async throws {
        let listener = try SilentListener()
        let model = ChatCompletionsModel(endpoint: try OpenAICompatibleEndpoint(baseURL: listener.url, model: "m", timeout: .seconds(600), environment: [:]))
        let started = ContinuousClock.now
        let call = Task { try await model.complete(system: "s", prompt: "p", maxTokens: 5) }
        // Cancel once the request is on the wire, not before it started.
        let connection = await listener.acceptOne()
        defer { close(connection) }
        call.cancel()
        await #expect(throws: CancellationError.self) { try await call.value }
        // Far below the 600 s timeout: the request was cancelled, not timed out.
        #expect(ContinuousClock.now - started < .seconds(60))
    }

    @Test func cancellingBeforeTheExchangeStartsThrowsCancellation() async throws {
        let listener = try SilentListener()
        let model = ChatCompletionsModel(endpoint: try OpenAICompatibleEndpoint(baseURL: listener.url, model: "m", environment: [:]))
        let call = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await model.complete(system: "s", prompt: "p", maxTokens: 5)
        }
        await #expect(throws: CancellationError.self) { try await call.value }
    }

    @Test func aSilentEndpointTimesOutWithAClearError() async throws {
        let listener = try SilentListener()
        let endpoint = try OpenAICompatibleEndpoint(baseURL: listener.url, model: "m", timeout: .seconds(1), environment: ["OPENAI_API_KEY": "sk-hidden"])
        do {
            _ = try await OpenAIEmbedder(endpoint: endpoint, dimension: 4).embed(["x"])
            Issue.record("expected a timeout")
        } catch let error as ToolError {
            #expect(error.code == ContextFrameErrorCode.embeddingError)
            #expect(error.message.contains("127.0.0.1:\(listener.port)"))
            #expect(error.message.contains("no answer in time"))
            #expect(!error.message.contains("sk-hidden"))
        }
    }
}
