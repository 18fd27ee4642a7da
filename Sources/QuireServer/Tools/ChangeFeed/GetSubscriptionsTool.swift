import MCP
import MCPServer
import QuireStore

extension ChangeFeedTools {
    var getSubscriptions: ToolDefinition {
        let tool = Tool(
            name: "get_subscriptions",
            title: "List subscriptions",
            description: "List the caller's active change subscriptions, optionally of one resource type.",
            inputSchema: SchemaBuilder.object(["resource_type": SchemaBuilder.string("Only this kind.", enum: Self.resourceTypes)]),
            outputSchema: SchemaBuilder.output(
                [
                    "subscriptions": [
                        "type": "array",
                        "items": [
                            "type": "object",
                            "properties": [
                                "subscription_id": ["type": "string"], "resource_type": ["type": "string"],
                                "filters": [:], "created_at": ["type": "string"],
                                "last_poll": ["type": ["string", "null"]], "options": ["type": "object"],
                            ],
                        ],
                    ],
                    "total_count": ["type": "integer"],
                ],
                required: ["subscriptions", "total_count"]
            ),
            annotations: ToolAnnotations(readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false)
        )
        return ToolDefinition(tool) { arguments, context in
            try await expireIdle()
            let resourceType = try Arguments(arguments).string("resource_type")
            let subscriptions = try await storeCall { try await store.subscriptions(principal: context.principal.id, resourceType: resourceType) }
            let listed: [JSONValue] = subscriptions.map { subscription in
                [
                    "subscription_id": .string(subscription.id),
                    "resource_type": .string(subscription.resourceType),
                    "filters": subscription.filters.flatMap { try? JSONValue(parsing: $0) } ?? .null,
                    "created_at": .string(Timestamp.format(subscription.createdAt)),
                    "last_poll": subscription.lastPoll.map { .string(Timestamp.format($0)) } ?? .null,
                    "options": (try? JSONValue(parsing: subscription.options)) ?? [:],
                ]
            }
            return .structured(["subscriptions": .array(listed), "total_count": .int(listed.count)])
        }
    }
}
