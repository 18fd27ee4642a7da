import AsyncHTTPClient
import Foundation
import MCP
import NIOCore

/// Reconnection policy of the legacy GET stream (`mcp-client.md` §7): wait the server's `retry`
/// (1000 ms without one), then back off ×1.5 up to 30 s; give up after 3 failed attempts in a row.
struct ReconnectBackoff: Sendable, Equatable {
    static let maxAttempts = 3
    static let ceiling = 30.0

    /// Failed attempts since the stream last delivered something.
    private(set) var failures = 0

    /// The delay before the next attempt, in seconds, or `nil` when it is time to give up.
    mutating func nextDelay(retryMilliseconds: Int?) -> Double? {
        failures += 1
        guard failures <= Self.maxAttempts else { return nil }
        let base = Double(retryMilliseconds ?? 1000) / 1000
        var delay = base
        for _ in 1..<failures { delay *= 1.5 }
        return min(delay, Self.ceiling)
    }

    /// The stream delivered data: the next loss starts from the server's `retry` again.
    mutating func reset() { failures = 0 }
}

extension HTTPTransport {
    /// Opens the legacy GET stream on which the server sends notifications (progress, log messages,
    /// `list_changed`) and requests outside any POST (L13–L15), and keeps it open: a lost stream is
    /// resumed with `Last-Event-ID` after the server's `retry`, keep-alive comments are skipped.
    ///
    /// Returns once the server has answered the first GET, so nothing the server sends after that is
    /// missed. A 405 means the server offers no such stream, which is fine; any other refusal ends
    /// listening quietly (the POST streams still carry each request's own notifications). Only the
    /// legacy Streamable HTTP era has this stream; elsewhere this does nothing.
    public func listenForNotifications() async {
        guard case .legacy = mode else { return }
        let opened = OnceContinuation<Void>()
        let task = Task { await self.runNotificationStream(opened: opened) }
        let previous = state.withLock { state -> Task<Void, Never>? in
            defer { state.listenTask = task; state.listening = true }
            return state.listenTask
        }
        previous?.cancel()
        // A server that never answers the GET must not hold the command up: wait one request timeout at most.
        let limit = settings.timeout
        await withTaskGroup(of: Void.self) { group in
            group.addTask { _ = try? await opened.value() }
            group.addTask { try? await Task.sleep(for: .milliseconds(Int64(limit * 1000))) }
            await group.next()
            group.cancelAll()
        }
    }

    /// The GET stream's life: connect, read, reconnect, until cancelled or refused.
    func runNotificationStream(opened: OnceContinuation<Void>) async {
        let stream = SSEStreamState()
        var backoff = ReconnectBackoff()
        defer { opened.resume(.success(())) }
        while !Task.isCancelled {
            var headers = protocolHeaders(for: "", params: nil)
            if !stream.lastEventID.isEmpty { headers.append(("Last-Event-ID", stream.lastEventID)) }
            let response: HTTPClientResponse
            do {
                response = try await exchange(.get, extra: headers, accept: "text/event-stream", deadline: .distantFuture)
            } catch {
                opened.resume(.success(()))
                guard !Task.isCancelled, await pause(&backoff, stream: stream) else { return }
                continue
            }
            let status = Int(response.status.code)
            let isStream = response.headers.first(name: "Content-Type")?.lowercased().hasPrefix("text/event-stream") ?? false
            guard status == 200, isStream else {
                _ = try? await response.body.collect(upTo: 1 << 16)
                opened.resume(.success(()))
                // 409: another GET stream of this session is still open (a reconnect raced its end): retry.
                // 405 (no stream offered), 404 (session gone; the next POST re-initializes) and the rest: stop.
                guard status == 409, await pause(&backoff, stream: stream) else { return }
                continue
            }
            opened.resume(.success(()))
            stream.restart()
            if await readNotifications(response.body, stream: stream) { backoff.reset() }
            guard !Task.isCancelled, await pause(&backoff, stream: stream) else { return }
        }
    }

    /// Sleeps before a reconnection; false when the attempts are used up or listening was cancelled.
    private func pause(_ backoff: inout ReconnectBackoff, stream: SSEStreamState) async -> Bool {
        guard let delay = backoff.nextDelay(retryMilliseconds: stream.retry) else { return false }
        do {
            try await Task.sleep(for: .milliseconds(Int(delay * 1000)))
            return true
        } catch {
            return false
        }
    }

    /// Reads one connection of the GET stream until it ends, goes idle past `sse_timeout`, or is
    /// cancelled. Returns whether any event arrived (a healthy stream resets the backoff).
    private func readNotifications(_ body: HTTPClientResponse.Body, stream: SSEStreamState) async -> Bool {
        let clock = ActivityClock()
        let delivered = Flag()
        _ = try? await clock.run(idle: settings.sseTimeout, hardLimit: nil, timeout: { _ in CancellationError() }) {
            for try await chunk in body {
                // Any bytes, keep-alive comments included, prove the stream is alive.
                clock.touch()
                for event in stream.feed(chunk) {
                    delivered.set()
                    await self.dispatchStreamEvent(event)
                }
            }
            return true
        }
        return delivered.value
    }

    /// Hands a GET-stream message on: notifications to the handler, server requests answered by POST.
    private func dispatchStreamEvent(_ event: SSEEvent) async {
        guard event.event == nil || event.event == "message", !event.data.isEmpty,
              case .single(let message) = JSONRPCCodec.decode(Array(event.data.utf8)) else { return }
        switch message {
        case .notification(let notification):
            handler.withLock { $0 }?(notification)
        case .request(let request):
            await reply(ClientIdentity.reply(to: request))
        case .response, .errorResponse:
            // Responses travel on their POST stream (or a resumed one), never on this stream.
            break
        }
    }
}
