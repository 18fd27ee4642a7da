import AsyncHTTPClient
import Foundation
import NIOCore

/// GETs issuer metadata and key sets: https only (plain http just for loopback hosts), bounded
/// in time and size, no redirects followed by a client we own.
struct KeyFetcher: Sendable {
    /// A fetched document.
    struct Response: Sendable {
        var status: Int
        var body: Data
        /// `Cache-Control: max-age` in seconds; 0 for `no-store`/`no-cache`; `nil` when absent.
        var maxAge: Int?
    }

    let client: HTTPClient
    let timeout: Duration
    let maxBytes: Int

    func get(_ url: URL) async throws(KeyFetchError) -> Response {
        try Self.checkTransport(url)
        var request = HTTPClientRequest(url: url.absoluteString)
        request.headers.add(name: "Accept", value: "application/json")
        do {
            let response = try await client.execute(request, timeout: timeAmount(timeout))
            guard response.status == .ok else {
                // The body is not read: an error page is of no use and need not cost memory.
                return Response(status: Int(response.status.code), body: Data(), maxAge: nil)
            }
            let body = try await response.body.collect(upTo: maxBytes)
            return Response(
                status: 200,
                body: Data(body.readableBytesView),
                maxAge: Self.maxAge(response.headers["Cache-Control"])
            )
        } catch is NIOTooManyBytesError {
            throw KeyFetchError("\(url.absoluteString) answered with more than \(maxBytes) bytes")
        } catch {
            throw KeyFetchError("\(url.absoluteString) could not be fetched (\(Self.describe(error)))")
        }
    }

    /// https, or http to a loopback host (development and tests): anything else could be read
    /// or altered on the way, and then so could every key we trust.
    static func checkTransport(_ url: URL) throws(KeyFetchError) {
        guard let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else {
            throw KeyFetchError("\(url.absoluteString) is not an absolute URL")
        }
        if scheme == "https" { return }
        if scheme == "http" && isLoopback(host) { return }
        throw KeyFetchError("\(url.absoluteString) must use https (plain http is allowed only for loopback hosts)")
    }

    static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if bare == "localhost" || bare == "::1" { return true }
        let octets = bare.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.first == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// The max-age of Cache-Control values; `no-store` and `no-cache` count as zero.
    static func maxAge(_ values: [String]) -> Int? {
        var result: Int?
        for directive in values.flatMap({ $0.split(separator: ",") }) {
            let parts = directive.trimmingCharacters(in: .whitespaces).lowercased().split(separator: "=", maxSplits: 1)
            guard let name = parts.first else { continue }
            if name == "no-store" || name == "no-cache" { return 0 }
            if name == "max-age", parts.count == 2,
               let seconds = Int(parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\" "))), seconds >= 0 {
                result = seconds
            }
        }
        return result
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError, error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            return "timed out"
        }
        return String(describing: error)
    }
}

/// A `Duration` as NIO's `TimeAmount`.
func timeAmount(_ duration: Duration) -> TimeAmount {
    let (seconds, attoseconds) = duration.components
    return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
}
