import Foundation
import MCP

/// Reads the accepted file shapes: `{"mcpServers": {…}}` (Quire, Claude Desktop, Claude Code),
/// VS Code's `{"servers": {…}}`, and pflow's direct `{"<name>": {…}}` map.
public enum ConfigDocument {
    /// Parses JSON text, reporting errors with a line and column.
    public static func parseJSON(_ bytes: [UInt8], path: String) throws(ConfigError) -> JSONValue {
        do {
            return try JSONValue(parsing: bytes)
        } catch let error as JSONParseError {
            let (line, column) = position(of: error.offset, in: bytes)
            throw ConfigError("Invalid JSON in \(path) at line \(line), column \(column): \(error.message)")
        } catch {
            throw ConfigError("Invalid JSON in \(path): \(error)")
        }
    }

    static func position(of offset: Int, in bytes: [UInt8]) -> (Int, Int) {
        var line = 1
        var column = 1
        for byte in bytes.prefix(max(0, offset)) {
            if byte == UInt8(ascii: "\n") { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
        }
        return (line, column)
    }

    /// The raw entries of a document in any accepted wrapper, by name.
    public static func rawEntries(_ document: JSONValue) throws(ConfigError) -> [String: JSONValue] {
        let wrapperError = ConfigError(#"Expected {"mcpServers": {…}}, {"servers": {…}} or {"<name>": {…}}"#)
        guard case .object(let top) = document else { throw wrapperError }
        if let servers = top["mcpServers"] {
            guard case .object(let entries) = servers else { throw ConfigError("'mcpServers' must be an object") }
            return entries
        }
        if let servers = top["servers"] {
            if top["inputs"] != nil || servers.jsonString.contains("${input:") {
                throw ConfigError("VS Code 'inputs' prompts (${input:…}) are not supported; replace them with ${ENV_VAR} placeholders")
            }
            guard case .object(let entries) = servers else { throw ConfigError("'servers' must be an object") }
            return entries
        }
        // A direct map: every value must look like an entry.
        guard !top.isEmpty, top.values.allSatisfy({ $0["command"] != nil || $0["url"] != nil }) else { throw wrapperError }
        return top
    }

    /// Parses every entry of a document; the first invalid entry stops the import (nothing half-applied).
    public static func entries(_ document: JSONValue) throws(ConfigError) -> (entries: [String: ServerEntry], warnings: [String]) {
        var result: [String: ServerEntry] = [:]
        var warnings: [String] = []
        for (name, raw) in try rawEntries(document).sorted(by: { $0.key < $1.key }) {
            let parsed = try EntryParser.parse(name: name, raw)
            result[name] = parsed.entry
            warnings += parsed.warnings
        }
        return (result, warnings)
    }
}
