import Crypto
import Foundation
import Synchronization

/// Accepts API keys (`--auth api-key`): the `X-API-Key` header, or a bearer token that starts
/// with ``APIKeyRecord/keyPrefix``. The presented key is hashed and compared in constant time
/// against every stored hash, so neither timing nor the key store reveals a key.
public final class APIKeyAuthenticator: Authenticator {
    private struct Entry: Sendable {
        var record: APIKeyRecord
        var digest: [UInt8]
    }

    private let entries: Mutex<[Entry]>

    /// An authenticator for `records`.
    /// - Throws: ``APIKeyFileError`` when a record's hash is not `sha256:` and 64 hex digits.
    public init(records: [APIKeyRecord]) throws(APIKeyFileError) {
        entries = Mutex(try Self.entries(records))
    }

    /// An authenticator for the keys of the file at `url` (none when the file does not exist).
    /// - Throws: ``APIKeyFileError`` when the file cannot be read or is malformed.
    public convenience init(contentsOf url: URL) throws(APIKeyFileError) {
        try self.init(records: APIKeyFile.load(from: url).keys)
    }

    /// Swaps in a new set of keys, e.g. after the key file changed; requests in flight finish
    /// with the old set.
    public func replaceKeys(with records: [APIKeyRecord]) throws(APIKeyFileError) {
        let fresh = try Self.entries(records)
        entries.withLock { $0 = fresh }
    }

    /// Accepts `credentials.apiKey`, or else a bearer token carrying an API key.
    public func authenticate(_ credentials: Credentials) async -> Result<Principal, AuthenticationFailure> {
        let presented: String
        if let key = credentials.apiKey {
            presented = key
        } else if let bearer = credentials.bearerToken, bearer.hasPrefix(APIKeyRecord.keyPrefix) {
            presented = bearer
        } else {
            return .failure(AuthenticationFailure("no API key presented"))
        }
        guard let record = record(forKey: presented) else { return .failure(AuthenticationFailure("unknown API key")) }
        return .success(Principal(id: record.principal, scopes: Set(record.scopes)))
    }

    /// The record whose hash matches `key`, if any.
    public func record(forKey key: String) -> APIKeyRecord? {
        let digest = Array(SHA256.hash(data: Data(key.utf8)))
        return entries.withLock { entries in
            // Every entry is compared in full, match or not, so the time taken says nothing
            // about which stored hash came close.
            var found: APIKeyRecord?
            for entry in entries where Self.constantTimeEqual(entry.digest, digest) {
                found = entry.record
            }
            return found
        }
    }

    /// Equality whose duration depends only on the lengths.
    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }

    private static func entries(_ records: [APIKeyRecord]) throws(APIKeyFileError) -> [Entry] {
        var entries: [Entry] = []
        for record in records {
            guard let digest = record.digest else {
                throw APIKeyFileError("key \(record.id) has a hash that is not sha256: and 64 hex digits")
            }
            entries.append(Entry(record: record, digest: digest))
        }
        return entries
    }
}
