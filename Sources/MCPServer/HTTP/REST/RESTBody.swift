import Hummingbird
import MCP

/// Reads the JSON bodies of the REST routes. The original plan sends bare objects
/// (`{"name", "arguments"}`) and the original code wraps them (`{"params": …}`); both are
/// accepted everywhere.
public enum RESTBody {
    /// The request body as a JSON object; an empty body is an empty object.
    /// - Throws: ``RESTProblem`` 413 beyond `limit` bytes, 400 for anything but a JSON object.
    public static func object(of request: Request, limit: Int) async throws(RESTProblem) -> [String: JSONValue] {
        var request = request
        let bytes: [UInt8]
        do {
            bytes = Array(try await request.collectBody(upTo: limit).readableBytesView)
        } catch {
            throw RESTProblem(status: .contentTooLarge, code: JSONRPCError.Code.invalidRequest, message: "the body is larger than \(limit) bytes")
        }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return [:] }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes)
        } catch {
            throw RESTProblem(status: .badRequest, code: JSONRPCError.Code.parseError, message: "the body is not valid JSON: \(error)")
        }
        guard case .object(let members) = value else {
            throw RESTProblem(status: .badRequest, code: JSONRPCError.Code.invalidRequest, message: "the body must be a JSON object, not \(value.typeName)")
        }
        return members
    }

    /// The parameters of a method: `body.params` when the body wraps them, else the body itself.
    public static func params(of body: [String: JSONValue]) throws(RESTProblem) -> [String: JSONValue] {
        guard let wrapped = body["params"] else { return body }
        guard case .object(let params) = wrapped else {
            throw RESTProblem.badRequest("\"params\" must be an object, not \(wrapped.typeName)")
        }
        return params
    }
}
