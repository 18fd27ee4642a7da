import Foundation
import MCP
import MCPServer
import QuireStore

/// Prompts people reach for with a document store: answer from the documents with citations,
/// and summarise a collection.
struct DocumentPrompts: Sendable {
    let store: DocumentStore

    var definitions: [PromptDefinition] { [answerWithCitations, summarizeCollection] }

    private var answerWithCitations: PromptDefinition {
        PromptDefinition(Prompt(
            name: "answer_with_citations",
            title: "Answer from the documents, with citations",
            description: "Search the store for a question and ask the model to answer only from the passages found, citing them.",
            arguments: [
                PromptArgument(name: "question", description: "What to answer.", required: true),
                PromptArgument(name: "limit", description: "How many passages to include (1–20, default 5).", required: false),
            ]
        )) { arguments, _ in
            let question = arguments["question"] ?? ""
            guard !question.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw JSONRPCError.invalidParams("the question must not be empty")
            }
            let limit = min(max(Int(arguments["limit"] ?? "") ?? 5, 1), 20)
            let hits = try await store.textSearch(query: question, filter: nil, limit: limit)
            var messages: [PromptMessage] = []
            for (position, hit) in hits.enumerated() {
                let text = hit.document.textContent ?? ""
                messages.append(PromptMessage(role: .user, content: .resource(
                    ResourceContents(uri: "contextframe://documents/\(hit.document.uuid)", mimeType: "text/plain",
                                     text: "[\(position + 1)] \(hit.document.title)\n\n\(text.prefix(4000))")
                )))
            }
            let instruction = hits.isEmpty
                ? "No stored document matched the question \"\(question)\". Say so, and do not invent an answer."
                : """
                    Answer the question below using only the \(hits.count) numbered passages above. Cite each claim with its \
                    passage number in square brackets, like [2]. If the passages do not contain the answer, say so.

                    Question: \(question)
                    """
            messages.append(PromptMessage(role: .user, content: .text(instruction)))
            return GetPromptResult(description: "Answer \"\(question)\" from \(hits.count) passage(s)", messages: messages)
        }
    }

    private var summarizeCollection: PromptDefinition {
        PromptDefinition(Prompt(
            name: "summarize_collection",
            title: "Summarise a collection",
            description: "Gather a collection's documents (by collection id or name) and ask the model for a structured summary.",
            arguments: [PromptArgument(name: "collection", description: "The collection's id or name.", required: true)]
        )) { arguments, _ in
            let reference = arguments["collection"] ?? ""
            let membership = Filter.or([
                .compare(.field(.collectionID), .eq, .string(reference.lowercased())),
                .compare(.field(.collection), .eq, .string(reference)),
            ])
            let members = try await store.list(
                filter: .and([membership, .compare(.field(.recordType), .ne, .string(RecordType.collectionHeader.rawValue))]),
                limit: 50, offset: 0
            )
            guard members.totalCount > 0 else {
                throw JSONRPCError.invalidParams("no documents in a collection named or identified by \"\(reference)\"")
            }
            var digest = ""
            for document in members.documents {
                digest += "## \(document.title)\n\((document.textContent ?? "").prefix(1500))\n\n"
            }
            let shown = members.documents.count
            let note = members.totalCount > shown ? " (the first \(shown) of \(members.totalCount))" : ""
            let instruction = """
                Summarise the collection "\(reference)" from its documents below\(note): the main themes, what each \
                document contributes, and any gaps or contradictions between them.

                \(digest)
                """
            return GetPromptResult(description: "Summary of \(reference)", messages: [PromptMessage(role: .user, content: .text(instruction))])
        }
    }
}
