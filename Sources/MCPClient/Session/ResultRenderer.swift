import Foundation
import MCP

/// How a `tools/call` result is shown (`mcp-client.md` §9).
public struct RenderedResult: Sendable {
    public var stdout: String
    public var stderr: String
    /// 1 when the result is an error, else 0.
    public var exitCode: Int32
    /// Files written for images, audio and blobs.
    public var files: [String]
}

public enum ResultRenderer {
    /// Renders `result`. Media goes to `outputDirectory` (created when needed).
    public static func render(_ result: JSONValue, json: Bool, outputDirectory: String) -> RenderedResult {
        var out: [String] = []
        var err: [String] = []
        var files: [String] = []
        let isError = result["isError"]?.boolValue ?? false
        let content = result["content"]?.arrayValue ?? []

        if json {
            // --json always prints the whole result; media still lands in files for convenience.
            return RenderedResult(stdout: result.prettyJSONString + "\n", stderr: "", exitCode: isError ? 1 : 0, files: [])
        }
        if isError {
            let text = content.compactMap { $0["text"]?.stringValue }.joined(separator: "\n")
            err.append(text.isEmpty ? "The tool reported an error" + (result["structuredContent"].map { ": \($0.jsonString)" } ?? "") : text)
            return RenderedResult(stdout: "", stderr: err.joined(separator: "\n") + "\n", exitCode: 1, files: [])
        }
        let structured = result["structuredContent"]
        if let structured, structured != .null {
            out.append(structured.prettyJSONString)
        }
        for (index, block) in content.enumerated() {
            switch block["type"]?.stringValue {
            case "text":
                // With structured content, text blocks are its serialized mirror (the spec's SHOULD); --json shows them.
                guard let text = block["text"]?.stringValue else { continue }
                if let structured, structured != .null { continue }
                if let parsed = try? JSONValue(parsing: text), parsed.objectValue != nil || parsed.arrayValue != nil {
                    out.append(parsed.prettyJSONString)
                } else {
                    out.append(text)
                }
            case "image", "audio":
                let kind = block["type"]?.stringValue ?? "image"
                let mime = block["mimeType"]?.stringValue ?? "application/octet-stream"
                if let data = block["data"]?.stringValue, let bytes = Data(base64Encoded: data) {
                    let path = save(bytes, directory: outputDirectory, stem: "\(kind)-\(index + 1)", mimeType: mime)
                    files.append(path)
                    out.append("[\(kind) \(mime), \(size(bytes.count)) → \(path)]")
                } else {
                    out.append("[\(kind) \(mime), undecodable data]")
                }
            case "resource_link":
                var line = "[link] \(block["uri"]?.stringValue ?? "")"
                if let name = block["name"]?.stringValue { line += " \(name)" }
                if let mime = block["mimeType"]?.stringValue { line += " (\(mime))" }
                if let description = block["description"]?.stringValue { line += " — \(description)" }
                out.append(line)
            case "resource":
                let resource = block["resource"] ?? .object([:])
                let uri = resource["uri"]?.stringValue ?? ""
                let mime = resource["mimeType"]?.stringValue
                if let text = resource["text"]?.stringValue {
                    out.append("--- \(uri)\(mime.map { " (\($0))" } ?? "")\n\(text)")
                } else if let blob = resource["blob"]?.stringValue, let bytes = Data(base64Encoded: blob) {
                    let path = save(bytes, directory: outputDirectory, stem: "resource-\(index + 1)", mimeType: mime ?? "application/octet-stream")
                    files.append(path)
                    out.append("[resource \(uri) \(mime ?? "application/octet-stream"), \(size(bytes.count)) → \(path)]")
                }
            default:
                out.append("[\(block["type"]?.stringValue ?? "unknown") content; use --json to see it]")
            }
        }
        return RenderedResult(stdout: out.isEmpty ? "" : out.joined(separator: "\n") + "\n", stderr: "", exitCode: 0, files: files)
    }

    static func size(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1024 * 1024 { return String(format: "%.1f KB", Double(bytes) / 1024) }
        return String(format: "%.1f MB", Double(bytes) / 1024 / 1024)
    }

    static func fileExtension(_ mimeType: String) -> String {
        let known = ["image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp", "image/svg+xml": "svg",
                     "audio/wav": "wav", "audio/x-wav": "wav", "audio/mpeg": "mp3", "audio/ogg": "ogg", "application/pdf": "pdf", "text/plain": "txt"]
        return known[mimeType.lowercased()] ?? "bin"
    }

    static func save(_ bytes: Data, directory: String, stem: String, mimeType: String) -> String {
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var path = "\(directory)/\(stem).\(fileExtension(mimeType))"
        var counter = 2
        while FileManager.default.fileExists(atPath: path) {
            path = "\(directory)/\(stem)-\(counter).\(fileExtension(mimeType))"
            counter += 1
        }
        FileManager.default.createFile(atPath: path, contents: bytes)
        return path
    }
}
