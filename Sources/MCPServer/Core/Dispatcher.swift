import Logging
import MCP

/// The transport-independent core: one request and its context in, one response out.
///
/// Every transport is a thin adapter over this type, so a tool answers identically over stdio,
/// both HTTP eras and the REST routes. The era of each request is decided here (M18): a
/// `_meta` envelope (or a transport that already knows) means 2026-07-28 and no session state;
/// otherwise the legacy session's handshake applies.
public final class Dispatcher: Sendable {
    /// The tools, resources and prompts served.
    public let definition: ServerDefinition
    /// The capabilities announced, derived from the definition.
    public let capabilities: ServerCapabilities
    private let logger: Logger
    private let validator = JSONSchemaValidator()

    /// A dispatcher for `definition`, logging with `logger`.
    public init(definition: ServerDefinition, logger: Logger = Logger(label: "quire.dispatcher")) {
        self.definition = definition
        self.capabilities = definition.capabilities
        self.logger = logger
    }

    /// Facts the transport knows about a request beyond its body.
    public struct Origin: Sendable {
        /// Who sends the requests (`local` over stdio).
        public var principal: Principal
        /// Where progress and log notifications for this request go.
        public var sink: OutboundSink
        /// A revision the transport already established (HTTP `MCP-Protocol-Version`), if any.
        public var declaredVersion: ProtocolVersion?
        /// How handlers send requests to the client, when the transport has a back-channel.
        /// Given to legacy-era requests only: 2026-07-28 forbids independent server requests.
        public var requester: ClientRequester?

        /// Per-connection state for the dispatcher.
        public init(
            principal: Principal, sink: @escaping OutboundSink, declaredVersion: ProtocolVersion? = nil,
            requester: ClientRequester? = nil
        ) {
            self.principal = principal
            self.sink = sink
            self.declaredVersion = declaredVersion
            self.requester = requester
        }
    }

    /// Answers one request. Returns `nil` when the request was cancelled: the spec asks that a
    /// cancelled request get no response.
    public func handle(_ request: JSONRPCRequest, session: ServerSession, origin: Origin) async -> JSONRPCMessage? {
        do {
            let result = try await respond(to: request, session: session, origin: origin)
            if Task.isCancelled { return nil }
            return .response(JSONRPCResponse(id: request.id, result: result))
        } catch let error as JSONRPCError {
            return .errorResponse(JSONRPCErrorResponse(id: request.id, error: error))
        } catch is CancellationError {
            return nil
        } catch {
            logger.error("request \(request.id) \(request.method) failed: \(error)")
            return .errorResponse(JSONRPCErrorResponse(id: request.id, error: .internalError("the server could not complete \(request.method)")))
        }
    }

    /// The protocol error a 2026-07-28 request would certainly get, found cheaply before any work:
    /// a bad envelope, an unknown or removed method, an unknown tool, a missing capability. HTTP
    /// uses it to answer such requests with a plain JSON error and the right status rather than
    /// committing to an SSE stream first.
    public func preflight(_ request: JSONRPCRequest) -> JSONRPCError? {
        let envelope: RequestEnvelope
        do {
            envelope = try RequestEnvelope(params: request.params)
        } catch {
            return error
        }
        if Method.removedInModernEra.contains(request.method) || !Self.modernMethods.contains(request.method) {
            return .methodNotFound(request.method)
        }
        if request.method == Method.toolsCall {
            guard let name = request.params?["name"]?.stringValue else { return .invalidParams("params.name: required field is missing") }
            guard let tool = definition.tools[name] else { return .invalidParams("unknown tool: \(name)") }
            let missing = tool.requiredClientCapabilities.filter { !envelope.clientCapabilities.declares($0) }
            if !missing.isEmpty { return .missingClientCapability(missing) }
        }
        return nil
    }

    /// The refusal `principal` gets for `request` under the definition's ``AccessPolicy``, or
    /// `nil` when its scopes allow it; a refusal is recorded in the audit log. Transports call
    /// this before committing to a stream, so a refusal can be an HTTP 403 with a challenge.
    public func checkAccess(_ request: JSONRPCRequest, principal: Principal) async -> JSONRPCError? {
        guard let refusal = accessRefusal(request, principal: principal) else { return nil }
        await recordRefusal(refusal, of: request, principal: principal)
        return refusal
    }

    /// ``checkAccess(_:principal:)``'s decision alone, without suspending: lets a transport plan
    /// a request synchronously. A refusal it returns must still go to
    /// ``recordRefusal(_:of:principal:)``.
    public func accessRefusal(_ request: JSONRPCRequest, principal: Principal) -> JSONRPCError? {
        if principal.scopes.contains("*") { return nil }
        let needed = definition.access.permission(forMethod: request.method, tool: Self.toolName(of: request).flatMap { definition.tools[$0]?.tool })
        return definition.access.refusal(for: principal, needing: needed)
    }

    /// Records a refusal from ``accessRefusal(_:principal:)`` in the audit log.
    public func recordRefusal(_ refusal: JSONRPCError, of request: JSONRPCRequest, principal: Principal) async {
        await definition.audit.record(AuditEvent(
            kind: .permissionDenied, principal: principal.id, method: request.method, tool: Self.toolName(of: request),
            outcome: "denied", reason: refusal.message
        ))
    }

    private static func toolName(of request: JSONRPCRequest) -> String? {
        request.method == Method.toolsCall ? request.params?["name"]?.stringValue : nil
    }

    /// Methods a 2026-07-28 request may name.
    static let modernMethods: Set<String> = [
        Method.discover, Method.toolsList, Method.toolsCall, Method.resourcesList, Method.resourcesTemplatesList,
        Method.resourcesRead, Method.promptsList, Method.promptsGet, Method.completionComplete, Method.subscriptionsListen,
    ]

    /// Acts on a notification from the client. Unknown notifications are ignored, as the spec asks.
    public func handle(_ notification: JSONRPCNotification, session: ServerSession) async {
        switch notification.method {
        case Method.initialized:
            await session.markInitialized()
        case Method.cancelled:
            guard let id = notification.params?["requestId"].flatMap(RequestID.init(json:)) else { return }
            await session.cancel(id)
        default:
            break
        }
    }

    // MARK: - Era and routing

    private func respond(to request: JSONRPCRequest, session: ServerSession, origin: Origin) async throws -> JSONValue {
        if case .array? = request.params { throw JSONRPCError.invalidParams("params must be an object") }
        let declaredModern = origin.declaredVersion?.isModern ?? false
        if declaredModern || request.method == Method.discover || RequestEnvelope.isPresent(in: request.params) {
            let envelope = try RequestEnvelope(params: request.params)
            if Method.removedInModernEra.contains(request.method) { throw JSONRPCError.methodNotFound(request.method) }
            let context = makeContext(
                request, version: envelope.protocolVersion, capabilities: envelope.clientCapabilities,
                clientInfo: envelope.clientInfo, logLevel: envelope.logLevel, session: nil, origin: origin
            )
            let result = try await route(request, context: context)
            return decorateModern(result, method: request.method)
        }

        switch request.method {
        case Method.initialize:
            return try await initialize(request, session: session)
        case Method.ping:
            return .object([:])
        default:
            guard let handshake = await session.handshake else {
                throw JSONRPCError.invalidRequest("the session is not initialized: send initialize first, or a 2026-07-28 request with params._meta")
            }
            let context = makeContext(
                request, version: handshake.protocolVersion, capabilities: handshake.clientCapabilities,
                clientInfo: handshake.clientInfo, logLevel: await session.logLevel, session: session, origin: origin
            )
            return try await route(request, context: context)
        }
    }

    private func makeContext(
        _ request: JSONRPCRequest, version: ProtocolVersion, capabilities: ClientCapabilities,
        clientInfo: Implementation?, logLevel: LoggingLevel?, session: ServerSession?, origin: Origin
    ) -> RequestContext {
        RequestContext(
            requestID: request.id, method: request.method, protocolVersion: version,
            clientCapabilities: capabilities, clientInfo: clientInfo, principal: origin.principal,
            progress: ProgressReporter(token: request.params?.progressToken, sink: origin.sink),
            log: ClientLogger(threshold: logLevel, sink: origin.sink), session: session, sink: origin.sink,
            requester: version.isModern ? nil : origin.requester
        )
    }

    private func route(_ request: JSONRPCRequest, context: RequestContext) async throws -> JSONValue {
        let params = request.params ?? .object([:])
        if let refusal = await checkAccess(request, principal: context.principal) { throw refusal }
        switch request.method {
        case Method.discover:
            return try encode(DiscoverResult(
                supportedVersions: ProtocolVersion.known, capabilities: capabilities,
                instructions: definition.instructions, ttlMs: definition.listTTLMilliseconds, cacheScope: .public
            ))
        case Method.toolsList:
            try rejectCursor(params)
            return try encode(ListToolsResult(tools: definition.tools.tools))
        case Method.toolsCall:
            let call = try ToolCallCoding.params(params) ?? decode(CallToolParams.self, from: params)
            let result = try await callTool(call, context: context)
            return try ToolCallCoding.json(result) ?? encode(result)
        case Method.resourcesList:
            try rejectCursor(params)
            return try encode(ListResourcesResult(resources: definition.resources.resources.map(\.resource)))
        case Method.resourcesTemplatesList:
            try rejectCursor(params)
            return try encode(ListResourceTemplatesResult(resourceTemplates: definition.resources.templates.map(\.template)))
        case Method.resourcesRead:
            return try encode(await readResource(try decode(ResourceURIParams.self, from: params), context: context))
        case Method.resourcesSubscribe, Method.resourcesUnsubscribe:
            guard let listener = definition.resourceSubscriptions, let session = context.session else {
                throw JSONRPCError.methodNotFound(request.method)
            }
            let uri = try decode(ResourceURIParams.self, from: params).uri
            if request.method == Method.resourcesSubscribe {
                try await listener.subscribe(uri, session: session)
                await session.subscribe(uri)
            } else {
                await session.unsubscribe(uri)
                await listener.unsubscribe(uri, session: session)
            }
            return .object([:])
        case Method.promptsList where !definition.prompts.isEmpty:
            try rejectCursor(params)
            return try encode(ListPromptsResult(prompts: definition.prompts.prompts))
        case Method.promptsGet where !definition.prompts.isEmpty:
            let get = try decode(GetPromptParams.self, from: params)
            guard let prompt = definition.prompts[get.name] else { throw JSONRPCError.invalidParams("unknown prompt: \(get.name)") }
            for argument in prompt.prompt.arguments ?? [] where argument.required == true && get.arguments?[argument.name] == nil {
                throw JSONRPCError.invalidParams("prompt \(get.name) needs the argument \"\(argument.name)\"")
            }
            return try encode(try await prompt.handler(get.arguments ?? [:], context))
        case Method.completionComplete:
            return try encode(await complete(try decode(CompleteParams.self, from: params), context: context))
        case Method.loggingSetLevel:
            guard let session = context.session else { throw JSONRPCError.methodNotFound(request.method) }
            await session.setLogLevel(try decode(SetLevelParams.self, from: params).level)
            return .object([:])
        case Method.ping:
            return .object([:])
        default:
            throw JSONRPCError.methodNotFound(request.method)
        }
    }

    // MARK: - Handlers

    private func initialize(_ request: JSONRPCRequest, session: ServerSession) async throws -> JSONValue {
        let params = try decode(InitializeParams.self, from: request.params ?? .object([:]))
        let version = ProtocolVersion.negotiateHandshake(requested: params.protocolVersion)
        await session.completeHandshake(.init(protocolVersion: version, clientCapabilities: params.capabilities, clientInfo: params.clientInfo))
        logger.debug("session \(session.id) initialized at \(version) by \(params.clientInfo.name) \(params.clientInfo.version)")
        return try encode(InitializeResult(
            protocolVersion: version, capabilities: capabilities, serverInfo: definition.info, instructions: definition.instructions
        ))
    }

    private func callTool(_ call: CallToolParams, context: RequestContext) async throws -> CallToolResult {
        guard let tool = definition.tools[call.name] else {
            throw JSONRPCError.invalidParams("unknown tool: \(call.name)")
        }
        if context.protocolVersion.isModern {
            let missing = tool.requiredClientCapabilities.filter { !context.clientCapabilities.declares($0) }
            if !missing.isEmpty { throw JSONRPCError.missingClientCapability(missing) }
        }
        let started = ContinuousClock.now
        let result: CallToolResult
        do {
            result = try await runTool(tool, call, context: context)
        } catch {
            await observe(call, context: context, started: started, result: nil, error: error)
            throw error
        }
        await observe(call, context: context, started: started, result: result, error: nil)
        return result
    }

    /// Tells the observer about a finished call before the answer goes out, so a later request
    /// (say, a usage report) always sees it.
    private func observe(_ call: CallToolParams, context: RequestContext, started: ContinuousClock.Instant, result: CallToolResult?, error: (any Error)?) async {
        guard let observer = definition.observer else { return }
        let errorCode = result?.structuredContent?["error"]?["code"]?.intValue ?? (error as? JSONRPCError)?.code
        await observer.toolCallFinished(ToolCallRecord(
            tool: call.name, principal: context.principal.id, protocolVersion: context.protocolVersion,
            startedAt: started, duration: ContinuousClock.now - started,
            isError: result?.isError ?? (error is JSONRPCError), errorCode: errorCode,
            cancelled: result == nil && !(error is JSONRPCError), arguments: call.arguments ?? [:]
        ))
    }

    private func runTool(_ tool: ToolDefinition, _ call: CallToolParams, context: RequestContext) async throws -> CallToolResult {
        let arguments = call.arguments ?? [:]
        let violations = validator.validate(.object(arguments), against: tool.tool.inputSchema)
        if !violations.isEmpty {
            let detail = violations.map(\.description).joined(separator: "; ")
            return .error(
                code: JSONRPCError.Code.invalidParams,
                message: "Invalid arguments for tool \(call.name): \(detail)",
                data: ["violations": .array(violations.map { ["field": .string($0.path), "message": .string($0.message)] })]
            )
        }
        do {
            return try await tool.handler(arguments, context)
        } catch let error as ToolError {
            return error.result
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as JSONRPCError {
            throw error
        } catch {
            logger.error("tool \(call.name) failed: \(error)")
            return .error(code: JSONRPCError.Code.internalError, message: "Tool \(call.name) failed: \(error)")
        }
    }

    private func readResource(_ read: ResourceURIParams, context: RequestContext) async throws -> ReadResourceResult {
        guard let (reader, variables) = definition.resources.resolve(read.uri) else { throw notFound(read.uri) }
        do {
            return try await reader(read.uri, variables, context)
        } catch let error as ResourceNotFound {
            throw notFound(error.uri)
        }
    }

    private func notFound(_ uri: String) -> JSONRPCError {
        JSONRPCError(code: JSONRPCError.Code.resourceNotFound, message: "Resource not found: \(uri)", data: ["uri": .string(uri)])
    }

    private func complete(_ request: CompleteParams, context: RequestContext) async throws -> CompleteResult {
        switch request.ref {
        case .resourceTemplate(let uri):
            guard let template = definition.resources.templates.first(where: { $0.template.uriTemplate == uri }) else {
                throw JSONRPCError.invalidParams("unknown resource template: \(uri)")
            }
            guard let completer = template.completer else { return CompleteResult(completion: .init(values: [])) }
            let values = try await completer(request.argument.name, request.argument.value, context)
            return CompleteResult(completion: .init(values: Array(values.prefix(100)), total: values.count, hasMore: values.count > 100))
        case .prompt(let name):
            guard definition.prompts[name] != nil else { throw JSONRPCError.invalidParams("unknown prompt: \(name)") }
            return CompleteResult(completion: .init(values: []))
        }
    }

    // MARK: - Helpers

    /// Lists fit in one page, so any cursor is one we never issued.
    private func rejectCursor(_ params: JSONValue) throws {
        if let cursor = params["cursor"], cursor != .null { throw JSONRPCError.invalidParams("invalid cursor \(cursor.jsonString)") }
    }

    /// Adds what every 2026-07-28 result carries (M13): `resultType`, server identity in `_meta`,
    /// and cache hints on lists and reads.
    private func decorateModern(_ result: JSONValue, method: String) -> JSONValue {
        guard case .object(var members) = result else { return result }
        members["resultType"] = members["resultType"] ?? "complete"
        var meta = members["_meta"]?.objectValue ?? [:]
        meta[MetaKey.serverInfo] = ["name": .string(definition.info.name), "version": .string(definition.info.version)]
        members["_meta"] = .object(meta)
        switch method {
        case Method.toolsList, Method.resourcesList, Method.resourcesTemplatesList, Method.promptsList:
            members["ttlMs"] = .int(definition.listTTLMilliseconds)
            members["cacheScope"] = .string(CacheScope.public.rawValue)
        case Method.resourcesRead:
            // Documents change under the reader, so reads are not cached across callers.
            members["ttlMs"] = .int(0)
            members["cacheScope"] = .string(CacheScope.private.rawValue)
        default:
            break
        }
        return .object(members)
    }

    private func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        do {
            return try JSONValueDecoder().decode(type, from: value)
        } catch let error as DecodingError {
            throw JSONRPCError.invalidParams(error.fieldDescription)
        }
    }

    private func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        try JSONValueEncoder().encode(value)
    }
}
