import ServiceLifecycle

/// Runs beside the HTTP server and sends the keep-alive comments of every open event stream
/// (``StreamTracker/sendKeepAlives(now:)``), so intermediaries keep idle streams open and a
/// vanished client is noticed when the write fails.
///
/// It wakes four times per interval, so a stream's keep-alives are between one and one and a
/// quarter intervals apart.
struct KeepAlivePinger: Service {
    let streams: StreamTracker

    func run() async throws {
        let tick = max(streams.keepAliveInterval / 4, .milliseconds(10))
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: tick)
                streams.sendKeepAlives()
            }
        }
    }
}
