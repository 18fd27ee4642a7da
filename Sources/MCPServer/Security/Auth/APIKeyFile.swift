import Foundation

/// The API key file: `{"keys": [APIKeyRecord...]}` in JSON, dates in RFC 3339. It holds hashes
/// only, but it still decides who gets in, so it is written whole (temp file + rename) with
/// mode 0600.
public struct APIKeyFile: Codable, Sendable, Hashable {
    /// The records, in the order they were added.
    public var keys: [APIKeyRecord]

    /// A key file holding `keys`.
    public init(keys: [APIKeyRecord] = []) { self.keys = keys }

    /// Reads the file at `url`; a file that does not exist reads as no keys.
    /// - Throws: ``APIKeyFileError`` when the file cannot be read or a record is malformed.
    public static func load(from url: URL) throws(APIKeyFileError) -> APIKeyFile {
        guard FileManager.default.fileExists(atPath: url.path) else { return APIKeyFile() }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw APIKeyFileError("\(url.path): cannot be read (\(error.localizedDescription))")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let file: APIKeyFile
        do {
            file = try decoder.decode(APIKeyFile.self, from: data)
        } catch {
            throw APIKeyFileError("\(url.path): not a key file ({\"keys\": [...]} with id, hash, principal, scopes, created)")
        }
        for record in file.keys where record.digest == nil {
            throw APIKeyFileError("\(url.path): key \(record.id) has a hash that is not sha256: and 64 hex digits")
        }
        return file
    }

    /// Writes the file to `url` atomically with mode 0600, creating its folder (mode 0700) if needed.
    /// - Throws: ``APIKeyFileError`` when the file cannot be written.
    public func save(to url: URL) throws(APIKeyFileError) {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            let data = try encoder.encode(self)
            try SecureFileWriter.writeAtomically(data, to: url)
        } catch let error as SecureFileWriteError {
            throw APIKeyFileError(error.message)
        } catch {
            throw APIKeyFileError("\(url.path): cannot be written (\(error.localizedDescription))")
        }
    }
}

/// A key file that cannot be read or written; `message` is one line naming the file.
public struct APIKeyFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, in one line.
    public var message: String

    /// An error with a one-line message.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
