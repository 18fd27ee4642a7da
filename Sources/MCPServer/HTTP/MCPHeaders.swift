import Foundation
import HTTPTypes

/// The MCP-specific HTTP header names, and the `=?base64?…?=` value form (M10).
enum MCPHeaders {
    // Literal, valid field names: the initialiser cannot fail for them.
    static let sessionID = HTTPField.Name("Mcp-Session-Id")!
    static let protocolVersion = HTTPField.Name("MCP-Protocol-Version")!
    static let method = HTTPField.Name("Mcp-Method")!
    static let name = HTTPField.Name("Mcp-Name")!
    static let lastEventID = HTTPField.Name("Last-Event-ID")!
    static let allow = HTTPField.Name("Allow")!

    /// Decodes a header value that may use the base64 form; `nil` for a malformed one, so a
    /// corrupt header never matches a body value by accident.
    static func decode(_ value: String) -> String? {
        guard value.hasPrefix("=?base64?"), value.hasSuffix("?="), value.count >= 11 else { return value }
        let payload = String(value.dropFirst(9).dropLast(2))
        guard let data = Data(base64Encoded: payload), data.base64EncodedString() == payload else { return nil }
        return String(data: data, encoding: .utf8)
    }
}

extension HTTPFields {
    /// Whether `Accept` names `text/event-stream` (or any type).
    var acceptsEventStream: Bool {
        guard let accept = self[.accept] else { return false }
        return accept.split(separator: ",").contains { part in
            let type = part.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            return type == "text/event-stream" || type == "*/*" || type == "text/*"
        }
    }
}
