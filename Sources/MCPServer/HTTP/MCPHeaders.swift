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
        // Nearly every value is ASCII: scan its bytes rather than split, trim and lowercase
        // Strings on every request. Anything else takes the general path.
        return Self.acceptsEventStream(ascii: accept.utf8) ?? Self.acceptsEventStream(general: accept)
    }

    /// The answer for any `Accept` value: some media range before its parameters, trimmed and
    /// lowercased, is `text/event-stream`, `text/*` or `*/*`.
    static func acceptsEventStream(general accept: String) -> Bool {
        accept.split(separator: ",").contains { part in
            let type = part.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            return type == "text/event-stream" || type == "*/*" || type == "text/*"
        }
    }

    /// The answer for an ASCII `Accept` value; `nil` when it holds other bytes.
    static func acceptsEventStream(ascii value: String.UTF8View) -> Bool? {
        var type: [UInt8] = []
        type.reserveCapacity(24)
        var inParameters = false
        func matches(_ type: [UInt8]) -> Bool {
            var end = type.count
            while end > 0, type[end - 1] == 0x20 || type[end - 1] == 0x09 { end -= 1 }
            var start = 0
            while start < end, type[start] == 0x20 || type[start] == 0x09 { start += 1 }
            let trimmed = type[start..<end]
            return trimmed.elementsEqual("text/event-stream".utf8) || trimmed.elementsEqual("*/*".utf8)
                || trimmed.elementsEqual("text/*".utf8)
        }
        for byte in value {
            guard byte < 0x80 else { return nil }
            switch byte {
            case UInt8(ascii: ","):
                if matches(type) { return true }
                type.removeAll(keepingCapacity: true)
                inParameters = false
            case UInt8(ascii: ";") where !inParameters:
                // Like `split`, which skips empty pieces: a leading ";" does not end the type.
                inParameters = !type.isEmpty
            case UInt8(ascii: ";"):
                break
            default:
                // ASCII lowercase, as `lowercased()` does for these bytes.
                if !inParameters { type.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte) }
            }
        }
        return matches(type)
    }
}
