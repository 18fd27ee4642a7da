import Foundation
import Hummingbird
import MCP
import MCPServer
import QuireStore

/// `GET /mcp/v1/sse/subscribe`: the store's change log as a Server-Sent Events stream.
///
/// Query: `resource_type` (`documents`, `collections`, `all` = all), `collection` (a uuid or
/// name), `filter` (the `list_documents` filter as JSON, or the SQL-like string form),
/// `include_data` (`true` adds the record before and after). The stream opens with
/// `event: subscription_created`, then sends each wanted change once as `event: change` with the
/// `poll_changes` shape and SSE `id` = its sequence number; `Last-Event-ID` (or `last_event_id`)
/// resumes right after that change, from the log, so nothing is missed or repeated.
struct ChangeStreamRoutes: HTTPRouteProvider {
    static let path = "/mcp/v1/sse/subscribe"
    /// Changes read from the log per query.
    static let pageSize = 500

    let store: DocumentStore

    func addRoutes(to router: Router<MCPRequestContext>, context: HTTPRouteContext) {
        router.get(RouterPath(Self.path)) { request, requestContext in
            if let refusal = await context.refusal(.read, for: requestContext, route: "GET \(Self.path)") { return refusal }
            return await stream(request, http: context)
        }
    }

    private func stream(_ request: Request, http: HTTPRouteContext) async -> Response {
        let plan: Plan
        do {
            plan = try await self.plan(request)
        } catch let problem as RESTProblem {
            return problem.response
        } catch {
            return RESTProblem(status: .internalServerError, code: JSONRPCError.Code.internalError, message: "\(error)").response
        }
        let outbox = SSEOutbox(limit: http.configuration.streamBufferLimit)
        let store = self.store
        let wait = min(http.configuration.keepAliveInterval, .seconds(5))
        let retry = http.configuration.retryMilliseconds
        let producer = Task {
            outbox.send(SSEEvent(event: "subscription_created", data: plan.announcement.jsonString, retry: retry))
            var cursor = plan.cursor
            do {
                while !outbox.isClosed {
                    let page = try await storeCall { try await store.changes(after: cursor, limit: Self.pageSize) }
                    let wanted = try await plan.selection.wanted(page, store: store)
                    for change in page {
                        if wanted.contains(change.seq) {
                            await outbox.waitForRoom()
                            let event = SSEEvent(id: String(change.seq), event: "change", data: ChangeSelection.json(change, includeData: plan.includeData).jsonString)
                            guard outbox.send(event) else { return }
                        }
                        cursor = change.seq
                    }
                    if page.count == Self.pageSize { continue }
                    try Task.checkCancellation()
                    // Writes by this process wake the wait at once; the poll interval only bounds how
                    // late another process's writes to the same file are noticed, so it can be lazy.
                    _ = try await storeCall { try await store.waitForChanges(after: cursor, timeout: wait, pollInterval: wait) }
                }
            } catch is CancellationError {
                // The client went away.
            } catch {
                let problem = RESTProblem(status: .internalServerError, code: (error as? ToolError)?.code ?? JSONRPCError.Code.internalError, message: "\(error)")
                outbox.send(SSEEvent(event: "error", data: problem.json.jsonString))
            }
            outbox.close()
        }
        return http.eventStream(outbox, onDisconnect: { producer.cancel() })
    }

    /// What one stream delivers, from where.
    private struct Plan: Sendable {
        var selection: ChangeSelection
        var includeData: Bool
        var cursor: Int
        var announcement: JSONValue
    }

    private func plan(_ request: Request) async throws -> Plan {
        let query = request.uri.queryParameters
        let resourceType = query.get("resource_type") ?? "all"
        guard ChangeFeedTools.resourceTypes.contains(resourceType) else {
            throw RESTProblem.badRequest("resource_type must be one of \(ChangeFeedTools.resourceTypes.joined(separator: ", ")), not \"\(resourceType)\"")
        }
        let includeData: Bool
        switch query.get("include_data") {
        case nil, "false", "0": includeData = false
        case "true", "1": includeData = true
        case let other?: throw RESTProblem.badRequest("include_data must be true or false, not \"\(other)\"")
        }
        let filter: Filter?
        do {
            filter = try query.get("filter").flatMap { text in try FilterJSON.filter(from: (try? JSONValue(parsing: text)) ?? .string(text)) }
        } catch let error as ToolError {
            throw RESTProblem(status: .badRequest, code: error.code, message: "filter: \(error.message)")
        }
        var collectionID: String?
        if let reference = query.get("collection") {
            do {
                collectionID = try await CollectionLookup.header(reference, in: store).uuid
            } catch let error as ToolError {
                let status: HTTPResponse.Status = error.code == ContextFrameErrorCode.recordNotFound ? .notFound : .badRequest
                throw RESTProblem(status: status, code: error.code, message: error.message, data: error.data)
            }
        }
        let latest = try await storeCall { try await store.storeVersion() }
        var cursor = latest
        if let resume = request.headers[RESTHeaders.lastEventID] ?? query.get("last_event_id") {
            guard let seq = Int(resume), seq >= 0 else {
                throw RESTProblem.badRequest("Last-Event-ID must be a change sequence number from this stream, not \"\(resume)\"")
            }
            guard seq <= latest else {
                throw RESTProblem.badRequest("Last-Event-ID \(seq) is ahead of the change log (latest change \(latest))")
            }
            let oldest = try await storeCall { try await store.oldestRetainedChange() }
            if oldest > seq + 1 {
                throw RESTProblem(
                    status: .gone, code: JSONRPCError.Code.invalidParams,
                    message: "Last-Event-ID \(seq) is older than the change log's retention (oldest change \(oldest)); subscribe again without it"
                )
            }
            cursor = seq
        }
        var announcement: [String: JSONValue] = [
            "subscription_id": .string("sse_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")),
            "resource_type": .string(resourceType), "since": .int(cursor),
        ]
        if let collectionID { announcement["collection_id"] = .string(collectionID) }
        return Plan(
            selection: ChangeSelection(resourceType: resourceType, filter: filter, collectionID: collectionID),
            includeData: includeData, cursor: cursor, announcement: .object(announcement)
        )
    }
}
