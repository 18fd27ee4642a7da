import MCP
import MCPServer
import QuireStore

extension ChangeFeedTools {
    var unsubscribe: ToolDefinition {
        let tool = Tool(
            name: "unsubscribe",
            title: "Cancel a subscription",
            description: "Stop a change subscription. Polls with its tokens then report subscription_active false.",
            inputSchema: SchemaBuilder.object(["subscription_id": SchemaBuilder.string("From subscribe_changes.", minLength: 1)], required: ["subscription_id"]),
            outputSchema: SchemaBuilder.output(
                ["cancelled": ["type": "boolean"], "final_poll_token": ["type": "string"]],
                required: ["cancelled", "final_poll_token"]
            ),
            annotations: ToolAnnotations(readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false)
        )
        return ToolDefinition(tool) { arguments, context in
            let id = try Arguments(arguments).requiredString("subscription_id")
            _ = try await owned(id, by: context.principal)
            let cancelled = try await storeCall { try await store.deleteSubscription(id: id) }
            return .structured(["cancelled": .bool(cancelled), "final_poll_token": .string("\(id):final")])
        }
    }
}
