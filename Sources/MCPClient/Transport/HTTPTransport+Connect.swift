import AsyncHTTPClient
import Foundation
import MCP
import NIOCore

extension HTTPTransport {
    /// Detects the era (`mcp-client.md` §6) and performs the handshake.
    public func connect() async throws -> Handshake {
        let origin = EraNegotiation.origin(of: settings.url)
        let cached = eraCache?.era(for: origin)
        let plan = EraNegotiation.plan(preference: settings.protocolPreference, forceSSE: settings.forceSSE, cached: cached)
        var outcomes: [String] = []
        do {
            for step in plan {
                let handshake: Handshake?
                switch step {
                case .discover: handshake = try await probeDiscover(outcomes: &outcomes)
                case .initialize(let version): handshake = try await probeInitialize(version, outcomes: &outcomes)
                case .sseStream: handshake = try await probeSSE(outcomes: &outcomes)
                }
                if let handshake {
                    eraCache?.set(handshake.era.rawValue, for: origin)
                    return handshake
                }
            }
        } catch let error as HTTPStatusError {
            throw fail(error)
        }
        // A cached era that no longer works is forgotten, so the next run detects afresh.
        if cached != nil { eraCache?.set(nil, for: origin) }
        throw ClientError.connection("Could not detect an MCP endpoint at \(Masking.url(settings.url)): \(outcomes.joined(separator: ", ")) [server '\(settings.serverName)']")
    }

    /// Whether a probe's status is one that only says "not this era" (anything else is reported).
    private func isEraMiss(_ status: Int) -> Bool {
        (400..<500).contains(status) && status != 401 && status != 403 && status != 429
    }

    private func probeDiscover(outcomes: inout [String]) async throws -> Handshake? {
        var version = ProtocolVersion.v2026_07_28
        var retried = false
        while true {
            state.withLock { $0.mode = .modern(version) }
            let request = JSONRPCRequest(id: nextHandshakeID(), method: Method.discover, params: ClientIdentity.modernParams(nil, version: version))
            let response = try await exchange(.post, body: JSONRPCMessage.request(request).serialized,
                                              extra: protocolHeaders(for: request.method, params: request.params), accept: Self.acceptBoth)
            let status = Int(response.status.code)
            var rpcError: JSONRPCError?
            var result: JSONValue?
            if (200..<300).contains(status) {
                do {
                    result = try await readReply(response, to: request)
                } catch let failure as RPCFailure {
                    rpcError = failure.error
                } catch is ClientError {
                    // A 2xx that is not a JSON-RPC answer (a legacy server's quirk): not modern.
                    rpcError = nil
                    result = nil
                }
            } else {
                let error = await statusError(response)
                if !isEraMiss(status) { state.withLock { $0.mode = .unknown }; throw error }
                rpcError = error.rpcError
            }
            let verdict: EraNegotiation.DiscoverVerdict
            if (200..<300).contains(status), result == nil, rpcError == nil {
                verdict = .fallBack
            } else {
                verdict = EraNegotiation.judgeDiscover(status: status, error: rpcError, alreadyRetried: retried)
            }
            switch verdict {
            case .modern:
                let value = result ?? .object([:])
                return Handshake(era: .modern, protocolVersion: version, serverInfo: value["_meta"]?[MetaKey.serverInfo],
                                 capabilities: value["capabilities"], instructions: value["instructions"]?.stringValue)
            case .retry(let next):
                version = next
                retried = true
            case .modernError(let message):
                throw ClientError.connection("'\(settings.serverName)' refused the 2026-07-28 handshake: \(message)")
            case .fallBack:
                state.withLock { $0.mode = .unknown }
                outcomes.append("server/discover → \(status)\(rpcError.map { " (\($0.code))" } ?? "")")
                return nil
            }
        }
    }

    private func probeInitialize(_ version: ProtocolVersion, outcomes: inout [String]) async throws -> Handshake? {
        state.withLock { $0.mode = .unknown; $0.sessionID = nil }
        let request = JSONRPCRequest(id: nextHandshakeID(), method: Method.initialize, params: ClientIdentity.initializeParams(version))
        let response = try await exchange(.post, body: JSONRPCMessage.request(request).serialized, accept: Self.acceptBoth)
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else {
            let error = await statusError(response)
            if EraNegotiation.initializeFallsBack(status: status) || isEraMiss(status) {
                outcomes.append("initialize → \(status)")
                return nil
            }
            throw error
        }
        let session = response.headers.first(name: "Mcp-Session-Id")
        state.withLock { $0.sessionID = session; $0.mode = .legacy(version) }
        let result: JSONValue
        do {
            result = try await readReply(response, to: request)
        } catch let failure as RPCFailure {
            state.withLock { $0.mode = .unknown; $0.sessionID = nil }
            outcomes.append("initialize → \(failure.error.code)")
            return nil
        }
        let negotiated = ProtocolVersion(rawValue: result["protocolVersion"]?.stringValue ?? "")
        guard ProtocolVersion.handshake.contains(negotiated) else {
            throw ClientError.connection("'\(settings.serverName)' answered protocol version '\(negotiated.rawValue)', which Quire does not support (it asked for \(version.rawValue))")
        }
        state.withLock { $0.mode = .legacy(negotiated) }
        await notify(JSONRPCNotification(method: Method.initialized))
        return Handshake(era: .legacy, protocolVersion: negotiated, serverInfo: result["serverInfo"], capabilities: result["capabilities"],
                         instructions: result["instructions"]?.stringValue)
    }

    /// A new legacy session after a 404 (L26), with the revision negotiated before.
    func reinitialize() async throws {
        var version = ProtocolVersion.latestHandshake
        if case .legacy(let current) = mode { version = current }
        var outcomes: [String] = []
        guard try await probeInitialize(version, outcomes: &outcomes) != nil else {
            throw ClientError.connection("Session expired and could not be re-established for '\(settings.serverName)' (\(outcomes.joined(separator: ", ")))")
        }
    }

    // MARK: - 2024-11-05 HTTP+SSE

    private func probeSSE(outcomes: inout [String]) async throws -> Handshake? {
        let response = try await exchange(.get, accept: "text/event-stream", deadline: .distantFuture)
        let status = Int(response.status.code)
        guard status == 200, response.headers.first(name: "Content-Type")?.lowercased().hasPrefix("text/event-stream") ?? false else {
            let error = await statusError(response)
            if isEraMiss(status) || (200..<300).contains(status) {
                outcomes.append("GET → \(status)")
                return nil
            }
            throw error
        }
        let endpoint = try await startSSEReader(response)
        guard let resolved = URL(string: endpoint, relativeTo: URL(string: settings.url))?.absoluteURL,
              EraNegotiation.origin(of: resolved.absoluteString) == EraNegotiation.origin(of: settings.url) else {
            throw ClientError.connection("'\(settings.serverName)' announced a message endpoint on another origin; refusing it")
        }
        state.withLock { $0.mode = .sse(endpoint: resolved.absoluteString, version: nil) }
        let request = JSONRPCRequest(id: nextHandshakeID(), method: Method.initialize, params: ClientIdentity.initializeParams(.latestHandshake))
        let result = try await sendOverSSE(request, endpoint: resolved.absoluteString)
        let negotiated = ProtocolVersion(rawValue: result["protocolVersion"]?.stringValue ?? "")
        guard ProtocolVersion.handshake.contains(negotiated) else {
            throw ClientError.connection("'\(settings.serverName)' answered protocol version '\(negotiated.rawValue)', which Quire does not support")
        }
        state.withLock { $0.mode = .sse(endpoint: resolved.absoluteString, version: negotiated) }
        await notify(JSONRPCNotification(method: Method.initialized))
        return Handshake(era: .sse, protocolVersion: negotiated, serverInfo: result["serverInfo"], capabilities: result["capabilities"],
                         instructions: result["instructions"]?.stringValue)
    }

    /// Starts reading the HTTP+SSE stream in the background; returns the `endpoint` event's URI.
    private func startSSEReader(_ response: HTTPClientResponse) async throws -> String {
        let server = settings.serverName
        let once = OnceContinuation<String>()
        let task = Task { [pending] in
            let stream = SSEStreamState()
            do {
                for try await chunk in response.body {
                    for event in stream.feed(chunk) {
                        if event.event == "endpoint" {
                            once.resume(.success(event.data.trimmingCharacters(in: .whitespacesAndNewlines)))
                            continue
                        }
                        guard event.event == nil || event.event == "message", !event.data.isEmpty,
                              case .single(let message) = JSONRPCCodec.decode(Array(event.data.utf8)) else { continue }
                        switch message {
                        case .response, .errorResponse: pending.resolve(message)
                        case .notification(let notification): self.handler.withLock { $0 }?(notification)
                        case .request(let request):
                            if case .sse(let endpoint, _) = self.mode {
                                _ = try? await self.exchange(.post, url: endpoint, body: ClientIdentity.reply(to: request).serialized, accept: Self.acceptBoth)
                            }
                        }
                    }
                }
            } catch {}
            let lost = ClientError.connection("The event stream of '\(server)' closed")
            once.resume(.failure(lost))
            pending.failAll(lost)
        }
        state.withLock { $0.sseTask = task }
        return try await once.value()
    }

    /// Sends a request on the HTTP+SSE transport: POST to the endpoint, the answer on the stream.
    func sendOverSSE(_ request: JSONRPCRequest, endpoint: String) async throws -> JSONValue {
        try pending.expect(request.id, method: request.method)
        let response = try await exchange(.post, url: endpoint, body: JSONRPCMessage.request(request).serialized, accept: Self.acceptBoth)
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else {
            pending.forget(request.id)
            throw await statusError(response)
        }
        _ = try? await response.body.collect(upTo: 1 << 20)
        return try await pending.wait(request.id)
    }
}

/// A value delivered once, awaited once.
final class OnceContinuation<Value: Sendable>: Sendable {
    private let state = Mutex<(result: Result<Value, any Error>?, waiter: CheckedContinuation<Value, any Error>?)>((nil, nil))

    func resume(_ result: Result<Value, any Error>) {
        let waiter = state.withLock { state -> CheckedContinuation<Value, any Error>? in
            guard state.result == nil else { return nil }
            state.result = result
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(with: result)
    }

    func value() async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            let ready = state.withLock { state -> Result<Value, any Error>? in
                if let result = state.result { return result }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}

import Synchronization
