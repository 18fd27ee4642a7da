import Foundation
import MCP
import MCPServer
import QuireStore

extension ChangeFeedTools {
    var subscribeChanges: ToolDefinition {
        let tool = Tool(
            name: "subscribe_changes",
            title: "Subscribe to changes",
            description: """
                Start watching documents and/or collections for changes from now on. Poll with poll_changes using the \
                returned poll_token; the subscription remembers its place across server restarts and expires after an \
                hour without polls. filters uses the same filter language as list_documents and applies to each changed record.
                """,
            inputSchema: SchemaBuilder.object([
                "resource_type": SchemaBuilder.string("What to watch.", enum: Self.resourceTypes, default: "all"),
                "filters": SchemaBuilder.filter,
                "options": SchemaBuilder.object([
                    "polling_interval": SchemaBuilder.integer("Suggested seconds between polls.", minimum: 1, maximum: 3600, default: 5),
                    "include_data": SchemaBuilder.boolean("Include the record before and after each change.", default: false),
                    "batch_size": SchemaBuilder.integer("Most changes one poll returns.", minimum: 1, maximum: 1000, default: 100),
                ]),
            ]),
            outputSchema: SchemaBuilder.output(
                ["subscription_id": ["type": "string"], "poll_token": ["type": "string"], "polling_interval": ["type": "integer"]],
                required: ["subscription_id", "poll_token", "polling_interval"]
            ),
            annotations: ToolAnnotations(readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false)
        )
        return ToolDefinition(tool) { arguments, context in
            let arguments = Arguments(arguments)
            try await expireIdle()
            let resourceType = try arguments.string("resource_type") ?? "all"
            let filters = arguments.values["filters"].flatMap { $0 == .null ? nil : $0 }
            _ = try FilterJSON.filter(from: filters)  // refuse a bad filter now, not at every poll
            let options = try arguments.object("options") ?? [:]
            let interval = options["polling_interval"]?.intValue ?? 5
            let normalized: JSONValue = [
                "polling_interval": .int(interval),
                "include_data": .bool(options["include_data"]?.boolValue ?? false),
                "batch_size": .int(options["batch_size"]?.intValue ?? 100),
            ]
            let id = "sub_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            let cursor = try await storeCall { try await store.storeVersion() }
            try await storeCall {
                try await store.createSubscription(ChangeSubscription(
                    id: id, principal: context.principal.id, resourceType: resourceType, filters: filters?.jsonString,
                    options: normalized.jsonString, createdAt: Date(), lastPoll: nil, cursor: cursor
                ))
            }
            return .structured([
                "subscription_id": .string(id), "poll_token": .string(Self.token(id, cursor)), "polling_interval": .int(interval),
            ])
        }
    }
}
