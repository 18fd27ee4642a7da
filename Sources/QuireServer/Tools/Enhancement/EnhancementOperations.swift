import MCP
import MCPServer
import QuireStore

/// The model work behind each enhancement: prompt, ask, parse, and the change to write.
/// Shared by the single-document tools and `batch_enhance`.
struct EnhancementOperations: Sendable {
    let model: any LanguageModel

    /// What one operation produced: the value to return and the change to store.
    struct Outcome<Value: Sendable>: Sendable {
        var value: Value
        var change: DocumentChange
        var completion: Completion
    }

    static let maxContextCharacters = 4_000
    static let maxTitleCharacters = 300
    static let metadataTextKey = "extracted_metadata"

    func context(_ document: Document, purpose: String, current: String?) async throws -> Outcome<String> {
        let completion = try await ask(EnhancementPrompts.context(document, purpose: purpose, current: current), maxTokens: 400)
        let context = try ModelAnswer.text(completion.text, maxLength: Self.maxContextCharacters, provider: model.provider)
        return Outcome(value: context, change: DocumentChange(context: context), completion: completion)
    }

    /// JSON: the object's non-null fields, merged into `custom_metadata` (non-strings as JSON
    /// text). Text: the answer, stored as `custom_metadata.extracted_metadata`.
    func metadata(_ document: Document, schema: String, json: Bool) async throws -> Outcome<JSONValue> {
        let completion = try await ask(EnhancementPrompts.metadata(document, schema: schema, json: json), maxTokens: 800)
        if !json {
            let text = try ModelAnswer.text(completion.text, maxLength: 8_000, provider: model.provider)
            return Outcome(value: .string(text), change: DocumentChange(customMetadata: [Self.metadataTextKey: text]), completion: completion)
        }
        let fields = try ModelAnswer.object(completion.text, provider: model.provider)
        var kept: [String: JSONValue] = [:]
        var stored: [String: String] = [:]
        for (key, value) in fields {
            let key = key.trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, let text = ModelAnswer.metadataValue(value) else { continue }
            kept[key] = value
            stored[key] = text
        }
        return Outcome(value: .object(kept), change: DocumentChange(customMetadata: stored), completion: completion)
    }

    /// Replaces the document's tags, as ContextFrame does.
    func tags(_ document: Document, types: String, max: Int) async throws -> Outcome<[String]> {
        let completion = try await ask(EnhancementPrompts.tags(document, types: types, max: max), maxTokens: 60 + 20 * max)
        let tags = ModelAnswer.tags(completion.text, max: max)
        guard !tags.isEmpty else { throw ModelAnswer.unusable("no tags", completion.text, provider: model.provider) }
        return Outcome(value: tags, change: DocumentChange(tags: tags), completion: completion)
    }

    func title(_ document: Document, style: String) async throws -> Outcome<String> {
        let completion = try await ask(EnhancementPrompts.title(document, style: style), maxTokens: 60)
        let title = try ModelAnswer.line(completion.text, maxLength: Self.maxTitleCharacters, provider: model.provider)
        return Outcome(value: title, change: DocumentChange(title: title), completion: completion)
    }

    /// One model call for all requested `fields` (`context`, `tags`, `custom_metadata`).
    func purpose(_ document: Document, purpose: String, fields: [String]) async throws -> Outcome<[String: JSONValue]> {
        let completion = try await ask(EnhancementPrompts.purpose(document, purpose: purpose, fields: fields), maxTokens: 1_000)
        let answer = try ModelAnswer.object(completion.text, provider: model.provider)
        var enhancements: [String: JSONValue] = [:]
        var change = DocumentChange()
        if fields.contains("context"), let context = answer["context"]?.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines), !context.isEmpty {
            let capped = String(context.prefix(Self.maxContextCharacters))
            change.context = capped
            enhancements["context"] = .string(capped)
        }
        if fields.contains("tags"), case .array(let items)? = answer["tags"] {
            let tags = ModelAnswer.normalizedTags(items.compactMap(\.stringValue), max: 20)
            if !tags.isEmpty {
                change.tags = tags
                enhancements["tags"] = .array(tags.map(JSONValue.string))
            }
        }
        if fields.contains("custom_metadata"), case .object(let members)? = answer["custom_metadata"] {
            var kept: [String: JSONValue] = [:]
            for (key, value) in members where !key.trimmingCharacters(in: .whitespaces).isEmpty {
                guard let text = ModelAnswer.metadataValue(value) else { continue }
                change.customMetadata[key] = text
                kept[key] = value
            }
            if !kept.isEmpty { enhancements["custom_metadata"] = .object(kept) }
        }
        guard !change.isEmpty else {
            throw ToolError(
                code: ContextFrameErrorCode.noLanguageModel,
                message: "The language model's answer (via \(model.provider)) had none of the requested fields: \(fields.joined(separator: ", "))",
                data: ["provider": .string(model.provider)]
            )
        }
        return Outcome(value: enhancements, change: change, completion: completion)
    }

    private func ask(_ prompt: String, maxTokens: Int) async throws -> Completion {
        try await model.complete(system: EnhancementPrompts.system, prompt: prompt, maxTokens: maxTokens)
    }

    /// Which model answered and what it cost, for the result (`language_model`).
    static func usage(_ completions: [Completion], provider: String) -> JSONValue {
        var members: [String: JSONValue] = ["provider": .string(provider)]
        if let model = completions.compactMap(\.model).first { members["model"] = .string(model) }
        let input = completions.compactMap(\.inputTokens), output = completions.compactMap(\.outputTokens)
        if !input.isEmpty { members["input_tokens"] = .int(input.reduce(0, +)) }
        if !output.isEmpty { members["output_tokens"] = .int(output.reduce(0, +)) }
        return .object(members)
    }
}
