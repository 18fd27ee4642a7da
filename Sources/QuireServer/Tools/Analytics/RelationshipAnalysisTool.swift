import Foundation
import MCP
import MCPServer
import QuireStore

extension AnalyticsTools {
    var relationshipAnalysis: ToolDefinition {
        let tool = Tool(
            name: "relationship_analysis",
            title: "Relationship analysis",
            description: """
                The graph the documents' relationships form, from the relationship index: counts by type, links \
                that resolve to a document (by id), dangle (id of no document) or point outside (uri, path or cid \
                only); nodes, edges and degrees; connected components; cycles of at most max_depth documents; how \
                deep hierarchies go below their roots (up to max_depth); and orphans, documents with no \
                relationship either way.
                """,
            inputSchema: SchemaBuilder.object([
                "max_depth": SchemaBuilder.integer("Longest cycle and deepest hierarchy level to trace.", minimum: 1, maximum: 10, default: 3),
                "relationship_types": [
                    "type": "array", "default": [],
                    "items": ["type": "string", "enum": .array(RelationshipType.allCases.map { .string($0.rawValue) })],
                    "description": "Only these relationship types (default: all).",
                ],
                "include_orphans": SchemaBuilder.boolean("Count orphans and list the first 20.", default: true),
            ]),
            outputSchema: Self.output(["analysis": Self.object], required: ["analysis"]),
            annotations: Self.readOnly
        )
        return ToolDefinition(tool) { arguments, _ in try await relationshipAnalysis(Arguments(arguments)) }
    }

    private func relationshipAnalysis(_ arguments: Arguments) async throws -> CallToolResult {
        let maxDepth = try arguments.int("max_depth", default: 3)
        guard (1...10).contains(maxDepth) else { throw ToolError.invalidArguments("max_depth: \(maxDepth) is out of range; use 1…10") }
        let types = try Self.relationshipTypes(arguments.values["relationship_types"])
        let includeOrphans = try arguments.bool("include_orphans", default: true)

        let statistics = try await storeCall { try await store.relationshipStatistics(types: types, orphanSampleLimit: includeOrphans ? 20 : 0) }
        let edges = try await storeCall { try await store.relationshipEdges(types: types) }
        let graph = RelationshipGraph(edges: edges)
        let degrees = LatencyStatistics(graph.outDegree.map(Double.init))
        let components = graph.componentSizes()
        let cycles = graph.cycles(maxLength: maxDepth, limit: 100)
        let profile = graph.depthProfile(maxDepth: maxDepth)
        let connected = graph.nodes.indices.sorted {
            let (a, b) = (graph.inDegree[$0] + graph.outDegree[$0], graph.inDegree[$1] + graph.outDegree[$1])
            return a != b ? a > b : graph.nodes[$0] < graph.nodes[$1]
        }

        var analysis: [String: JSONValue] = [
            "summary": [
                "total_relationships": .int(statistics.totalRelationships),
                "resolved": .int(statistics.resolvedRelationships),
                "dangling": .int(statistics.danglingRelationships),
                "external": .int(statistics.externalRelationships),
                "source_documents": .int(statistics.sourceDocuments),
                "targeted_documents": .int(statistics.targetedDocuments),
                "node_count": .int(graph.nodes.count),
                "edge_count": .int(graph.edgeCount),
                "avg_degree": .rounded(UsageReport.rate(graph.edgeCount, of: graph.nodes.count), places: 2),
                "max_out_degree": .int(graph.outDegree.max() ?? 0),
                "max_in_degree": .int(graph.inDegree.max() ?? 0),
                "degree_distribution": ["mean": .rounded(degrees.mean, places: 2), "median": .rounded(degrees.p50, places: 2), "std": .rounded(degrees.standardDeviation, places: 2)],
            ],
            "patterns": [
                "type_distribution": .object(Dictionary(uniqueKeysWithValues: statistics.countsByType.map { ($0.key.rawValue, JSONValue.int($0.value)) })),
                "most_connected": .array(connected.prefix(5).map { node in
                    ["document_id": .string(graph.nodes[node]), "in_degree": .int(graph.inDegree[node]), "out_degree": .int(graph.outDegree[node])]
                }),
            ],
            "components": [
                "count": .int(components.count),
                "sizes": .array(components.prefix(10).map(JSONValue.int)),
                "largest_component": .int(components.first ?? 0),
            ],
            "cycles": [
                "max_length": .int(maxDepth),
                "found": .bool(cycles.count > 0),
                "count": .int(cycles.count),
                "complete": .bool(cycles.complete),
                "self_references": .int(graph.selfLoops),
                "examples": .array(cycles.cycles.prefix(5).map { .array($0.map(JSONValue.string)) }),
            ],
            "hierarchy": [
                "max_depth": .int(maxDepth),
                "roots": .int(profile.roots),
                "levels": .array(profile.levels.enumerated().map { ["depth": .int($0.offset + 1), "documents": .int($0.element)] }),
                "deeper_than_max_depth": .int(profile.beyond),
                "only_on_cycles": .int(profile.unreachable),
            ],
        ]
        if let types { analysis["relationship_types"] = .array(types.map(\.rawValue).sorted().map(JSONValue.string)) }
        if includeOrphans {
            analysis["orphans"] = ["count": .int(statistics.orphanCount), "document_ids": .array(statistics.orphanSample.map(JSONValue.string))]
        }
        if statistics.totalRelationships == 0 { analysis["note"] = "No relationships are stored (of the selected types); graph figures are zero." }
        return .structured(["success": true, "analysis": .object(analysis), "timestamp": Self.timestamp])
    }

    /// The `relationship_types` argument: `nil` for all types.
    static func relationshipTypes(_ value: JSONValue?) throws -> Set<RelationshipType>? {
        guard let value, value != .null else { return nil }
        guard case .array(let elements) = value else { throw ToolError.invalidArguments("relationship_types: expected an array of strings") }
        var types = Set<RelationshipType>()
        for (position, element) in elements.enumerated() {
            guard let name = element.stringValue, let type = RelationshipType(rawValue: name) else {
                throw ToolError.invalidArguments(
                    "relationship_types[\(position)]: use one of \(RelationshipType.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            types.insert(type)
        }
        return types.isEmpty ? nil : types
    }
}
