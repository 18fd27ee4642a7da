import Foundation
import Hummingbird
import HTTPTypes
import MCP

extension RESTHandler {
    /// `POST /mcp/v1/tools/call`.
    ///
    /// A call of a background tool (unless it says `"async": false`), or one with `"async": true`,
    /// answers 202 with an operation at once. Any other call answers when done; with
    /// `X-Operation-Id` it is an operation too, so its progress can be watched while the POST waits.
    func callTool(_ request: Request, principal: Principal) async -> Response {
        await guarded {
            let body = try await body(request)
            let params = try RESTBody.params(of: body)
            guard case .string(let name)? = params["name"] ?? body["name"] else {
                throw RESTProblem.badRequest("\"name\": the tool's name is required (a string)")
            }
            let arguments: [String: JSONValue]
            switch params["arguments"] ?? body["arguments"] {
            case nil, .null?: arguments = [:]
            case .object(let members)?: arguments = members
            case let other?: throw RESTProblem.badRequest("\"arguments\" must be an object, not \(other.typeName)")
            }
            let asked: Bool?
            switch params["async"] ?? body["async"] {
            case nil, .null?: asked = nil
            case .bool(let value)?: asked = value
            case let other?: throw RESTProblem.badRequest("\"async\" must be a boolean, not \(other.typeName)")
            }
            guard let tool = definition.tools[name] else {
                throw RESTProblem.notFound("unknown tool: \(name)", code: JSONRPCError.Code.invalidParams)
            }
            let chosen = try Self.operationID(request.headers)
                        // An explicit "async": false runs even a background tool in the request, for
            // clients that cannot follow a 202.
            let background = asked ?? options.backgroundTools.contains(name)
            // Arguments that break the schema get the direct call's 422 at once, not an operation that fails.
            let valid = JSONSchemaValidator().validate(.object(arguments), against: tool.tool.inputSchema).isEmpty
            guard valid, background || chosen != nil else {
                return await bridge.callTool(name, arguments: arguments, principal: principal)
            }
            let id = chosen ?? Self.newOperationID()
            let handle = CancellationHandle()
            switch await operations.start(id: id, owner: principal.id, tool: name, cancel: { handle.cancel() }) {
            case .started: break
            case .duplicate:
                throw RESTProblem(status: .conflict, code: JSONRPCError.Code.invalidRequest, message: "operation \(id) already exists; choose another X-Operation-Id")
            case .full:
                var problem = RESTProblem(status: .serviceUnavailable, code: JSONRPCError.Code.internalError, message: "too many operations are running; try again later")
                problem.headers[.retryAfter] = "5"
                throw problem
            }
            let run = OperationRun(id: id, tool: name, arguments: arguments, principal: principal, bridge: bridge, operations: operations)
            if background {
                let http = self.http
                let task = Task { await http.inFlight { await run.run() } }
                handle.attach(task)
                return HTTPReplies.json(Self.links(id, tool: name, status: .running), status: .accepted, headers: [.location: RESTPaths.operation(id), RESTHeaders.operationID: id])
            }
            let task = Task { await run.run() }
            handle.attach(task)
            let outcome = await withTaskCancellationHandler { await task.value } onCancel: { task.cancel() }
            var response = outcome.response
            response.headers[RESTHeaders.operationID] = id
            return response
        }
    }

    static func links(_ id: String, tool: String, status: OperationStatus) -> JSONValue {
        [
            "operation_id": .string(id), "tool": .string(tool), "status": .string(status.rawValue),
            "status_url": .string(RESTPaths.operation(id)), "progress_url": .string(RESTPaths.progress(id)),
        ]
    }

    /// A random operation id.
    static func newOperationID() -> String {
        "op_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }

    /// The client's `X-Operation-Id`, if it sent a usable one: 1–128 URL-safe characters.
    static func operationID(_ headers: HTTPFields) throws -> String? {
        guard let value = headers[RESTHeaders.operationID] else { return nil }
        let allowed = value.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "~")
        }
        guard (1...128).contains(value.utf8.count), allowed else {
            throw RESTProblem.badRequest("X-Operation-Id must be 1–128 characters of A–Z, a–z, 0–9, '-', '_', '.', '~'")
        }
        return value
    }
}

/// One tool call run as an operation: its progress and log notifications become the
/// operation's events, and its outcome the final one.
struct OperationRun: Sendable {
    let id: String
    let tool: String
    let arguments: [String: JSONValue]
    let principal: Principal
    let bridge: RESTBridge
    let operations: any OperationRegistry

    /// Log messages at this level and above are kept with the operation (a cancelled batch
    /// reports what it did at `notice`).
    static let logLevel = LoggingLevel.notice

    func run() async -> RESTOutcome {
        let operations = self.operations
        let id = self.id
        let reply = await bridge.send(
            Method.toolsCall, params: ["name": .string(tool), "arguments": .object(arguments)], principal: principal,
            progressToken: id, logLevel: Self.logLevel, sink: { message in await Self.record(message, id: id, in: operations) }
        )
        let outcome = bridge.outcome(of: reply)
        switch outcome {
        case .succeeded(let result):
            await operations.finish(id: id, status: .completed, result: result, error: nil)
        case .failed(let problem, let result):
            var document = problem.json
            if case .object(var members) = document {
                members["operation_status"] = "failed"
                document = .object(members)
            }
            await operations.finish(id: id, status: .failed, result: result, error: document)
        case .cancelled:
            let error: JSONValue = [
                "error": ["code": .int(Self.cancelledCode), "message": .string("operation \(id) was cancelled")],
                "operation_status": "cancelled",
            ]
            await operations.finish(id: id, status: .cancelled, result: nil, error: error)
        }
        return outcome
    }

    /// The code a cancelled operation's error carries (LSP's RequestCancelled; JSON-RPC has none).
    static let cancelledCode = -32800

    static func record(_ message: JSONRPCMessage, id: String, in operations: any OperationRegistry) async {
        guard case .notification(let notification) = message, let params = notification.params else { return }
        switch notification.method {
        case Method.progress:
            var data: [String: JSONValue] = ["progress": params["progress"] ?? .null]
            if let total = params["total"] { data["total"] = total }
            if let message = params["message"] { data["message"] = message }
            await operations.record(id: id, event: .progress, data: .object(data))
        case Method.message:
            var data: [String: JSONValue] = ["level": params["level"] ?? .null, "data": params["data"] ?? .null]
            if let logger = params["logger"] { data["logger"] = logger }
            await operations.record(id: id, event: .log, data: .object(data))
        default:
            break
        }
    }
}
