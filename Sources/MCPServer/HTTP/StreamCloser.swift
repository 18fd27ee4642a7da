import ServiceLifecycle

/// Runs beside the HTTP server: expires idle sessions while serving, and on shutdown ends every
/// session and event stream (each after a final `shutdown` event) so that open streams do not
/// hold the shutdown up.
struct StreamCloser: Service {
    let sessions: SessionRegistry
    let legacySSE: LegacySSEEndpoint
    let streams: StreamTracker
    let configuration: HTTPTransportConfiguration
    let lifecycle: ServerLifecycle

    func run() async throws {
        let interval = min(configuration.sessionIdleTimeout / 4, .seconds(60))
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                await sessions.expireIdle()
            }
        }
        // From the first moment of shutdown `/ready` says 503 and new work is turned away.
        lifecycle.beginDraining()
        // Requests in flight get a while to finish and deliver their answers (issue: SIGTERM
        // finishes what is running, up to a deadline), then every stream is ended.
        await streams.waitForRequests(upTo: configuration.shutdownGracePeriod)
        streams.closeAll()
        await sessions.removeAll()
        await legacySSE.closeAll()
    }
}
