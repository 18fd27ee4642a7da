import QuireStore

/// The prompts the enhancement tools send. Each asks for exactly one shape of answer, so the
/// parsing in ``ModelAnswer`` stays simple and tolerant.
enum EnhancementPrompts {
    /// Longer content is cut here so a prompt fits any model's context.
    static let maxContentCharacters = 12_000

    static let system = """
        You help curate a document collection. You read a document and produce exactly what is asked: no preamble, \
        no explanations, no closing remarks. When JSON is asked for, answer with JSON only.
        """

    /// The document as the model sees it: title, existing context and tags, and (part of) the content.
    static func document(_ document: Document) -> String {
        var lines = ["Title: \(document.title)"]
        if let context = document.context, !context.isEmpty { lines.append("Current context: \(context)") }
        if !document.tags.isEmpty { lines.append("Current tags: \(document.tags.joined(separator: ", "))") }
        let content = document.textContent ?? ""
        if content.count > maxContentCharacters {
            lines.append("Content (first \(maxContentCharacters) characters of \(content.count)):\n\(content.prefix(maxContentCharacters))")
        } else {
            lines.append("Content:\n\(content)")
        }
        return "<document>\n" + lines.joined(separator: "\n") + "\n</document>"
    }

    static func context(_ document: Document, purpose: String, current: String?) -> String {
        var prompt = self.document(document) + "\n\n"
        prompt += "Write a short context (2 to 4 sentences) explaining why this document matters for this purpose: \(purpose)\n"
        if let current, !current.isEmpty { prompt += "Improve on the existing context: \(current)\n" }
        prompt += "Answer with the context text only."
        return prompt
    }

    static func metadata(_ document: Document, schema: String, json: Bool) -> String {
        var prompt = self.document(document) + "\n\n"
        prompt += "Extract this metadata from the document: \(schema)\n"
        if json {
            prompt += "Answer with one JSON object whose keys are the field names (snake_case) and whose values are strings, "
            prompt += "numbers, booleans or lists. Use null for a field the document does not mention."
        } else {
            prompt += "Answer with the extracted metadata as plain text."
        }
        return prompt
    }

    static func tags(_ document: Document, types: String, max: Int) -> String {
        self.document(document) + "\n\n"
            + "Suggest at most \(max) tags for this document, covering: \(types). Tags are short (one to three words), "
            + "lower-case, most relevant first. Answer with a JSON array of strings only."
    }

    static func title(_ document: Document, style: String) -> String {
        let guidance: String
        switch style {
        case "technical": guidance = "a precise technical title that names the specific technologies or methods"
        case "concise": guidance = "a concise title of at most six words"
        default: guidance = "a descriptive title that tells a reader what the document covers"
        }
        return self.document(document) + "\n\nWrite \(guidance). Answer with the title only, on one line, without quotes."
    }

    static func purpose(_ document: Document, purpose: String, fields: [String]) -> String {
        var shape: [String] = []
        if fields.contains("context") { shape.append("\"context\": a 2-4 sentence explanation of why the document matters for the purpose") }
        if fields.contains("tags") { shape.append("\"tags\": an array of up to 8 short lower-case tags relevant to the purpose") }
        if fields.contains("custom_metadata") {
            shape.append("\"custom_metadata\": an object of a few snake_case keys with short string values useful for the purpose")
        }
        return self.document(document) + "\n\nPrepare this document for this purpose: \(purpose)\n"
            + "Answer with one JSON object with these keys:\n" + shape.map { "- \($0)" }.joined(separator: "\n")
    }
}
