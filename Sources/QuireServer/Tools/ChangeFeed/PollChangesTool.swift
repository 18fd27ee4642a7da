import Foundation
import MCP
import MCPServer
import QuireStore

extension ChangeFeedTools {
    var pollChanges: ToolDefinition {
        let change: JSONValue = [
            "type": "object",
            "properties": [
                "type": ["type": "string", "enum": ["created", "updated", "deleted"]],
                "resource_type": ["type": "string", "enum": ["document", "collection"]],
                "resource_id": ["type": "string"],
                "version": ["type": "integer"],
                "timestamp": ["type": "string"],
                "old_data": ["type": "object"],
                "new_data": ["type": "object"],
            ],
            "required": ["type", "resource_type", "resource_id", "version", "timestamp"],
        ]
        let tool = Tool(
            name: "poll_changes",
            title: "Poll for changes",
            description: """
                Return the changes since the poll token (or the subscription's last poll), oldest first, in order and \
                each exactly once. With nothing new it waits up to timeout seconds for a change (long poll). Pass the \
                returned poll_token next time; has_more means another poll will return more at once.
                """,
            inputSchema: SchemaBuilder.object(
                [
                    "subscription_id": SchemaBuilder.string("From subscribe_changes.", minLength: 1),
                    "poll_token": SchemaBuilder.string("The token from the previous poll."),
                    "timeout": SchemaBuilder.integer("Seconds to wait when nothing has changed.", minimum: 0, maximum: 300, default: 30),
                ],
                required: ["subscription_id"]
            ),
            outputSchema: SchemaBuilder.output(
                [
                    "changes": ["type": "array", "items": change],
                    "poll_token": ["type": "string"],
                    "has_more": ["type": "boolean"],
                    "subscription_active": ["type": "boolean"],
                ],
                required: ["changes", "poll_token", "has_more", "subscription_active"]
            ),
            annotations: ToolAnnotations(readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: false)
        )
        return ToolDefinition(tool) { arguments, context in try await poll(Arguments(arguments), context: context) }
    }

    private func poll(_ arguments: Arguments, context: RequestContext) async throws -> CallToolResult {
        let id = try arguments.requiredString("subscription_id")
        try await expireIdle()
        let subscription = try await owned(id, by: context.principal)
        var cursor = subscription.cursor
        if let token = try arguments.string("poll_token") {
            guard let separator = token.lastIndex(of: ":"), token[..<separator] == id else {
                throw ToolError.invalidArguments("poll_token: \"\(token)\" does not belong to subscription \(id)")
            }
            let position = token[token.index(after: separator)...]
            if position == "final" {
                return .structured(["changes": [], "poll_token": .string(token), "has_more": false, "subscription_active": false])
            }
            guard let value = Int(position), value >= 0 else { throw ToolError.invalidArguments("poll_token: \"\(token)\" is not a poll token") }
            cursor = value
        }
        let oldest = try await storeCall { try await store.oldestRetainedChange() }
        if oldest > cursor + 1 {
            throw ToolError(
                code: JSONRPCError.Code.invalidParams,
                message: "poll_token \(Self.token(id, cursor)) is older than the change log's retention (oldest change \(oldest)); resubscribe"
            )
        }
        let options = (try? JSONValue(parsing: subscription.options)) ?? [:]
        let includeData = options["include_data"]?.boolValue ?? false
        let batchSize = options["batch_size"]?.intValue ?? 100
        let selection = ChangeSelection(
            resourceType: subscription.resourceType, filter: try FilterJSON.filter(from: subscription.filters.flatMap { try? JSONValue(parsing: $0) })
        )
        let deadline = ContinuousClock.now + .seconds(try arguments.int("timeout", default: 30))

        var delivered: [JSONValue] = []
        var hasMore = false
        let scanSize = batchSize * 4
        // Scan forward until something matches, the batch is full, or the wait runs out.
        scan: while true {
            try Task.checkCancellation()
            let page = try await storeCall { try await store.changes(after: cursor, limit: scanSize) }
            let wanted = try await selection.wanted(page, store: store)
            for change in page {
                if wanted.contains(change.seq) {
                    if delivered.count == batchSize {
                        hasMore = true
                        break scan
                    }
                    delivered.append(ChangeSelection.json(change, includeData: includeData))
                }
                cursor = change.seq
            }
            if page.count == scanSize {
                // The log holds more than this page: return what we have, or keep scanning past a
                // long run of changes this subscription does not want.
                if delivered.isEmpty { continue }
                hasMore = true
                break
            }
            if !delivered.isEmpty { break }
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { break }
            _ = try await storeCall { try await store.waitForChanges(after: cursor, timeout: remaining) }
        }
        try Task.checkCancellation()
        let finalCursor = cursor
        try await storeCall { try await store.recordPoll(subscriptionID: id, cursor: finalCursor, at: Date()) }
        return .structured([
            "changes": .array(delivered), "poll_token": .string(Self.token(id, cursor)), "has_more": .bool(hasMore),
            "subscription_active": true,
        ])
    }
}
