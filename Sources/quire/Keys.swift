import ArgumentParser
import Foundation
import MCPServer

/// `quire keys`: the API keys `quire serve --auth api-key` accepts.
struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage the API keys of `quire serve --auth api-key`.",
        discussion: """
            Keys are stored hashed (SHA-256) in a JSON key file, by default $QUIRE_HOME/api-keys.json \
            (QUIRE_HOME defaults to ~/.quire), written with mode 0600. A new key is printed once and cannot \
            be shown again. Clients send it as `X-API-Key: KEY` or `Authorization: Bearer KEY`.
            """,
        subcommands: [Add.self, List.self, Revoke.self]
    )

    struct FileOption: ParsableArguments {
        @Option(help: "The key file (default: $QUIRE_HOME/api-keys.json).")
        var file: String?

        var url: URL { file.map { URL(fileURLWithPath: $0) } ?? AuthFiles.home.appendingPathComponent("api-keys.json") }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key for a principal and print it once.")

        @Option(help: "The principal requests with this key run as.")
        var principal: String

        @Option(name: .customLong("scope"), help: "A scope to grant, e.g. read, write, admin (repeatable; \"a b\" grants both).")
        var scopes: [String] = []

        @OptionGroup var keyFile: FileOption

        @Flag(help: "Print the new key as JSON.")
        var json = false

        func validate() throws {
            guard !principal.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ValidationError("--principal must not be empty")
            }
        }

        func run() async throws {
            let url = keyFile.url
            var file = try load(url)
            let granted = scopes.flatMap { $0.split(separator: " ").map(String.init) }
            let (record, key) = APIKeyRecord.generate(principal: principal, scopes: granted, existingIDs: Set(file.keys.map(\.id)))
            file.keys.append(record)
            do throws(APIKeyFileError) {
                try file.save(to: url)
            } catch {
                throw CleanExit.failure(error.message)
            }
            if json {
                print(try jsonLine(["id": .string(record.id), "key": .string(key), "principal": .string(record.principal),
                                    "scopes": .strings(record.scopes), "file": .string(url.path)]))
            } else {
                print("Created key \(record.id) for \(record.principal) (scopes: \(record.scopes.isEmpty ? "none" : record.scopes.joined(separator: " "))) in \(url.path).")
                print("The key is shown only now; keep it secret:")
                print(key)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys (ids, principals, scopes; never the keys or hashes).")

        @OptionGroup var keyFile: FileOption

        @Flag(help: "Print the list as JSON.")
        var json = false

        func run() async throws {
            let file = try load(keyFile.url)
            if json {
                let rows: [KeyListing] = file.keys.map {
                    KeyListing(id: $0.id, principal: $0.principal, scopes: $0.scopes, created: rfc3339($0.created))
                }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(["keys": rows]), as: UTF8.self))
                return
            }
            guard !file.keys.isEmpty else {
                print("No keys in \(keyFile.url.path).")
                return
            }
            print("ID        PRINCIPAL             CREATED               SCOPES")
            for record in file.keys {
                let principal = record.principal.padding(toLength: max(20, record.principal.count), withPad: " ", startingAt: 0)
                print("\(record.id)  \(principal)  \(rfc3339(record.created))  \(record.scopes.joined(separator: " "))")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key by its id; a running server picks it up when it reloads its keys.")

        @Argument(help: "The key's id, as `quire keys list` shows it.")
        var id: String

        @OptionGroup var keyFile: FileOption

        func run() async throws {
            let url = keyFile.url
            var file = try load(url)
            guard let index = file.keys.firstIndex(where: { $0.id == id }) else {
                throw CleanExit.failure("no key with id \(id) in \(url.path)")
            }
            let record = file.keys.remove(at: index)
            do throws(APIKeyFileError) {
                try file.save(to: url)
            } catch {
                throw CleanExit.failure(error.message)
            }
            print("Revoked key \(record.id) of \(record.principal).")
        }
    }
}

/// A key as `quire keys list --json` shows it: no secret, no hash.
private struct KeyListing: Encodable {
    var id: String
    var principal: String
    var scopes: [String]
    var created: String
}

private func load(_ url: URL) throws -> APIKeyFile {
    do throws(APIKeyFileError) {
        return try APIKeyFile.load(from: url)
    } catch {
        throw CleanExit.failure(error.message)
    }
}

private func rfc3339(_ date: Date) -> String {
    date.formatted(.iso8601)
}

/// A small JSON value for one-line CLI output.
enum CLIJSON: Encodable {
    case string(String)
    case strings([String])
    case int(Int)

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .strings(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        }
    }
}

func jsonLine(_ object: [String: CLIJSON]) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(object), as: UTF8.self)
}

/// Where the auth commands keep their files: `$QUIRE_HOME`, else `~/.quire`.
enum AuthFiles {
    static var home: URL {
        if let home = ProcessInfo.processInfo.environment["QUIRE_HOME"], !home.isEmpty {
            return URL(fileURLWithPath: home, isDirectory: true)
        }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".quire", isDirectory: true)
    }
}
