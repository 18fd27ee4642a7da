import Logging
import NIOCore
import NIOSSL
import PostgresNIO

/// One direct connection attempt outside the pool, to learn *why* a server cannot be used.
///
/// While the server is unreachable the pool only retries quietly; a probe's failure carries the
/// cause (connection refused, unknown host, authentication failed, no such database), so opening a
/// store and `/ready` can say what to fix.
enum PostgresProbe {
    /// `nil` when a connection to `location` can be made, else the failure as a ``StoreError``.
    static func problem(_ location: PostgresLocation, logger: Logger) async -> StoreError? {
        do {
            let connection = try await connect(location, logger: logger)
            try? await connection.close()
            return nil
        } catch {
            return PostgresErrorMapping.map(error, location: location)
        }
    }

    /// A connection of its own to `location` (outside the pool), with the pool's settings.
    static func connect(_ location: PostgresLocation, logger: Logger) async throws -> PostgresConnection {
        var configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: try tls(location.tls)
        )
        configuration.options.connectTimeout = .seconds(Int64(location.connectTimeoutSeconds))
        return try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
    }

    private static func tls(_ mode: PostgresLocation.TLSMode) throws -> PostgresConnection.Configuration.TLS {
        switch mode {
        case .disable: return .disable
        case .prefer: return .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: return .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
    }
}
