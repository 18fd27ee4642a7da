import MCP

/// The live legacy sessions, with a cap and idle expiry (pain point 3: abandoned sessions must
/// not leak). Ids are 32 random bytes from the system's secure generator, hex-encoded (L22).
actor SessionRegistry {
    private var sessions: [String: HTTPSession] = [:]
    private let configuration: HTTPTransportConfiguration

    init(configuration: HTTPTransportConfiguration) { self.configuration = configuration }

    enum Lookup {
        case found(HTTPSession)
        /// Unknown, expired, terminated, or another principal's (all look the same: 404).
        case notFound
    }

    /// A new session, or `nil` when the cap is reached.
    func create(principal: Principal) -> HTTPSession? {
        guard sessions.count < configuration.maxSessions else { return nil }
        var generator = SystemRandomNumberGenerator()
        let id = (0..<4).map { _ in String(generator.next() as UInt64, radix: 16).leftPadded(to: 16) }.joined()
        let session = HTTPSession(id: id, principal: principal, configuration: configuration)
        sessions[id] = session
        return session
    }

    func lookup(_ id: String, principal: Principal) -> Lookup {
        guard let session = sessions[id], session.principal.id == principal.id else { return .notFound }
        return .found(session)
    }

    /// Ends and forgets a session.
    func remove(_ id: String) async {
        guard let session = sessions.removeValue(forKey: id) else { return }
        await session.terminate()
    }

    var count: Int { sessions.count }

    /// Ends sessions idle past the timeout with nothing in flight and no open stream.
    func expireIdle() async {
        let now = ContinuousClock.now
        for (id, session) in sessions {
            guard now - (await session.lastSeen) > configuration.sessionIdleTimeout, !(await session.isBusy()) else { continue }
            sessions[id] = nil
            await session.terminate()
        }
    }

    /// Ends every session (shutdown).
    func removeAll() async {
        let all = sessions.values
        sessions = [:]
        for session in all { await session.terminate() }
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
