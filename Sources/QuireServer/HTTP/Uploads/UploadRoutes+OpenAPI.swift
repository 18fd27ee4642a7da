import MCP
import MCPServer

extension UploadRoutes {
    var openAPIPaths: [String: JSONValue] {
        let problem = { (description: String) in
            ["description": .string(description), "content": ["application/problem+json": ["schema": OpenAPI.ref("UploadProblem")]]] as JSONValue
        }
        return [
            Self.path: [
                "post": [
                    "summary": "Upload files as documents",
                    "description": """
                        Each file is sniffed (its content decides, not the declared type) and extracted into documents \
                        (text, Markdown with front matter, JSON and JSON Lines, CSV rows, HTML text). All or nothing: when any file is rejected nothing is stored, and the \
                        problem lists each file's outcome.
                        """,
                    "operationId": "uploadDocuments",
                    "requestBody": [
                        "required": true,
                        "content": [
                            "multipart/form-data": [
                                "schema": [
                                    "type": "object",
                                    "properties": [
                                        "file": ["type": "array", "items": ["type": "string", "contentMediaType": "application/octet-stream"]],
                                        "title": ["type": "string", "description": "Only with a single file."],
                                        "collection": ["type": "string", "description": "A collection id or name to append the documents to."],
                                        "tags": ["type": "string", "description": "Comma-separated; the field may repeat."],
                                        "author": ["type": "string"], "status": ["type": "string"], "context": ["type": "string"],
                                        "uri": ["type": "string"], "source_url": ["type": "string"], "version": ["type": "string"],
                                        "metadata": ["type": "string", "description": "A JSON object in add_document's metadata shape."],
                                    ],
                                    "patternProperties": ["^x_": ["type": "string"]],
                                    "required": ["file"],
                                ],
                            ],
                        ],
                    ],
                    "responses": [
                        "201": OpenAPI.json("Every file stored.", schema: OpenAPI.ref("UploadResult")),
                        "400": problem("Malformed form or metadata."),
                        "404": problem("Unknown collection."),
                        "413": problem("A file or the request is too large."),
                        "415": problem("Not multipart/form-data, or a file is a binary that cannot be extracted."),
                        "422": problem("A file's text cannot be read (say, invalid JSON)."),
                        "502": problem("The embedding provider failed."),
                        "503": problem("The store is read-only or the server is shutting down."),
                    ],
                ],
            ],
        ]
    }

    var openAPISchemas: [String: JSONValue] {
        let file: JSONValue = [
            "type": "object",
            "properties": [
                "filename": ["type": "string"],
                "size": ["type": "integer"],
                "declared_type": ["type": "string"],
                "detected_type": ["type": "string"],
                "status": ["type": "string", "enum": ["stored", "rejected", "not_stored"]],
                "documents": [
                    "type": "array",
                    "items": ["type": "object", "properties": ["uuid": ["type": "string"], "title": ["type": "string"]], "required": ["uuid", "title"]],
                ],
                "error": ["type": "object", "properties": ["status": ["type": "integer"], "title": ["type": "string"], "detail": ["type": "string"]]],
            ],
            "required": ["filename", "size", "status"],
        ]
        return [
            "UploadFile": file,
            "UploadResult": [
                "type": "object",
                "properties": ["stored": ["type": "integer"], "files": ["type": "array", "items": OpenAPI.ref("UploadFile")]],
                "required": ["stored", "files"],
            ],
            "UploadProblem": [
                "type": "object",
                "properties": [
                    "type": ["type": "string"], "title": ["type": "string"], "status": ["type": "integer"], "detail": ["type": "string"],
                    "stored": ["type": "integer", "const": 0],
                    "files": ["type": "array", "items": OpenAPI.ref("UploadFile")],
                ],
                "required": ["title", "status", "detail"],
            ],
        ]
    }
}
