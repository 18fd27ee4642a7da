import Hummingbird
import HTTPTypes

/// Gives every request an id: a sane incoming `X-Request-Id` (from a proxy or the client) is
/// kept, otherwise one is made. The id is returned in the response's `X-Request-Id` and set as
/// the request logger's `hb.request.id`, so every log line of the request carries the same id.
struct RequestIDMiddleware<Context: Hummingbird.RequestContext>: RouterMiddleware {
    static var header: HTTPField.Name { HTTPField.Name("X-Request-Id")! }  // constant, valid name

    /// Longest incoming id kept; longer ones are replaced, so logs stay bounded.
    static var maxLength: Int { 128 }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let id = request.headers[Self.header].flatMap(Self.accepted) ?? RequestID().description
        var context = context
        context.logger[metadataKey: "hb.request.id"] = .string(id)
        do {
            var response = try await next(request, context)
            response.headers[Self.header] = id
            return response
        } catch let error as any HTTPResponseError {
            // Turned into its response here (as the server would), so it carries the id too.
            var response = try error.response(from: request, context: context)
            response.headers[Self.header] = id
            return response
        }
    }

    /// The incoming id when it is safe to echo and log: 1–128 characters of letters, digits and
    /// `-_.:`, nothing that could forge a log line or a header.
    static func accepted(_ value: String) -> String? {
        guard (1...maxLength).contains(value.utf8.count) else { return nil }
        let allowed = value.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"):
                return true
            default:
                return false
            }
        }
        return allowed ? value : nil
    }
}
