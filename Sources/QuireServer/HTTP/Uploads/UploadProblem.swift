import Hummingbird
import HTTPTypes
import MCP
import NIOCore

/// A failed upload as an RFC 9457 problem document (`application/problem+json`): `type`,
/// `title`, `status`, `detail`, and for a request that carried files, what became of each.
struct UploadProblem: Error, Sendable {
    var status: HTTPResponse.Status
    var detail: String
    /// Per-file outcomes, when the failure is about the files.
    var files: [JSONValue] = []

    static func badRequest(_ detail: String) -> UploadProblem { UploadProblem(status: .badRequest, detail: detail) }
    static func tooLarge(_ detail: String) -> UploadProblem { UploadProblem(status: .contentTooLarge, detail: detail) }
    static func unsupported(_ detail: String) -> UploadProblem { UploadProblem(status: .unsupportedMediaType, detail: detail) }

    var json: JSONValue {
        var members: [String: JSONValue] = [
            "type": "about:blank",
            "title": .string(status.reasonPhrase),
            "status": .int(status.code),
            "detail": .string(detail),
            "stored": 0,
        ]
        if !files.isEmpty { members["files"] = .array(files) }
        return .object(members)
    }

    var response: Response {
        Response(
            status: status, headers: [.contentType: "application/problem+json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: json.serialized()))
        )
    }
}
