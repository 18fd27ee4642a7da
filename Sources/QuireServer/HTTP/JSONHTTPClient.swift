import Foundation
import MCP
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A failed exchange with an outside HTTP service, described for the person who configured it.
struct EndpointError: Error, Sendable, CustomStringConvertible {
    /// The host that failed, never the full URL with credentials or the key.
    var host: String
    var reason: String
    /// The HTTP status, when the service answered.
    var status: Int?

    var description: String { "\(host): \(reason)" }
}

/// POSTs JSON to an OpenAI-compatible endpoint and returns the parsed JSON answer.
///
/// Uses Foundation's URLSession (FoundationNetworking on Linux); each request carries the
/// endpoint's timeout.
enum JSONHTTPClient {
    /// Responses larger than this are refused rather than parsed.
    static let maxResponseBytes = 64 * 1024 * 1024

    static func post(_ body: JSONValue, route: String, to endpoint: OpenAICompatibleEndpoint) async throws -> JSONValue {
        var request = URLRequest(url: endpoint.url(for: route))
        request.httpMethod = "POST"
        request.timeoutInterval = Self.seconds(endpoint.timeout)
        for (name, value) in endpoint.headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body.jsonData

        let (data, response) = try await send(request, host: endpoint.host, timeout: endpoint.timeout)
        guard let http = response as? HTTPURLResponse else {
            throw EndpointError(host: endpoint.host, reason: "the answer was not an HTTP response")
        }
        guard data.count <= maxResponseBytes else {
            throw EndpointError(host: endpoint.host, reason: "the answer was larger than \(maxResponseBytes) bytes", status: http.statusCode)
        }
        guard (200..<300).contains(http.statusCode) else {
            throw EndpointError(
                host: endpoint.host, reason: "HTTP \(http.statusCode) from /v1/\(route)\(serviceMessage(data).map { ": \($0)" } ?? "")",
                status: http.statusCode
            )
        }
        do {
            return try JSONValue(parsing: data)
        } catch {
            throw EndpointError(host: endpoint.host, reason: "the answer from /v1/\(route) is not valid JSON", status: http.statusCode)
        }
    }

    /// One session for every endpoint, so connections are reused across calls. Ephemeral:
    /// no cookies, no cache on disk. Redirects are not followed, so the bearer token never
    /// travels to a host the user did not configure; a redirect shows up as an HTTP error.
    private static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        return URLSession(configuration: configuration, delegate: RefuseRedirects(), delegateQueue: nil)
    }()

    private static func send(_ request: URLRequest, host: String, timeout: Duration) async throws -> (Data, URLResponse) {
        do {
            return try await perform(request)
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as URLError {
            if error.code == .cancelled, Task.isCancelled { throw CancellationError() }
            throw EndpointError(host: host, reason: describe(error))
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw EndpointError(host: host, reason: "the request failed (\(error.localizedDescription))")
        }
    }

    /// One data task that is cancelled with the calling task, so a cancelled tool call stops
    /// its HTTP exchange instead of waiting out the timeout.
    private static func perform(_ request: URLRequest) async throws -> (Data, URLResponse) {
        let handle = DataTaskHandle()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let task = session.dataTask(with: request) { data, response, error in
                    if let error {
                        continuation.resume(throwing: error)
                    } else if let data, let response {
                        continuation.resume(returning: (data, response))
                    } else {
                        continuation.resume(throwing: URLError(.badServerResponse))
                    }
                }
                handle.start(task)
            }
        } onCancel: {
            handle.cancel()
        }
    }

    private static func describe(_ error: URLError) -> String {
        switch error.code {
        case .cannotConnectToHost: return "connection refused (is the service running?)"
        case .timedOut: return "no answer in time"
        case .cannotFindHost, .dnsLookupFailed: return "the host name could not be resolved"
        case .notConnectedToInternet, .networkConnectionLost: return "the network connection failed"
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
            .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot:
            return "the TLS connection failed"
        default: return "the request failed (URL error \(error.code.rawValue))"
        }
    }

    /// The service's own error message (`{"error": {"message": …}}`), shortened, when it sent one.
    private static func serviceMessage(_ data: Data) -> String? {
        guard let json = try? JSONValue(parsing: data) else { return nil }
        let message = json["error"]?["message"]?.stringValue ?? json["error"]?.stringValue ?? json["message"]?.stringValue
        return message.map { $0.count > 300 ? String($0.prefix(300)) + "…" : $0 }
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        let parts = duration.components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
    }
}

/// A data task that may be cancelled before it has started: the cancel is remembered.
private final class DataTaskHandle: Sendable {
    private let state = Mutex<(task: URLSessionDataTask?, cancelled: Bool)>((nil, false))

    func start(_ task: URLSessionDataTask) {
        let cancelled = state.withLock { state -> Bool in
            state.task = task
            return state.cancelled
        }
        if cancelled { task.cancel() } else { task.resume() }
    }

    func cancel() {
        let task = state.withLock { state -> URLSessionDataTask? in
            state.cancelled = true
            return state.task
        }
        task?.cancel()
    }
}

/// Answers every redirect with "do not follow".
private final class RefuseRedirects: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}
