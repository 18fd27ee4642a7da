import ArgumentParser
import Foundation
import Logging
import MCPServer
import QuireServer
import QuireStore

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve a document store over MCP.",
        discussion: "STORE is a SQLite file, created on first use. Logs go to stderr; stdout carries only protocol messages."
    )

    enum Transport: String, ExpressibleByArgument, CaseIterable {
        case stdio
    }

    @Argument(help: "The store: a SQLite file path.")
    var store: String = "./quire.db"

    @Option(help: "How clients connect: \(Transport.allCases.map(\.rawValue).joined(separator: ", ")).")
    var transport: Transport = .stdio

    @Option(help: "Embedding dimension for a new store (an existing store keeps its own).")
    var embeddingDimension: Int = 1536

    @Option(name: .customLong("files-root"), help: ArgumentHelp("A folder the file tools may read and write (repeatable); without one they are disabled.", valueName: "dir"))
    var filesRoots: [String] = []

    @Option(help: "The largest file the file tools read (bytes, or with K, M, G).")
    var maxFileSize = ByteCount(bytes: TextFileReader.defaultLimit)

    @Option(help: "Least severe log level written to stderr: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    func validate() throws {
        guard (1...65536).contains(embeddingDimension) else {
            throw ValidationError("--embedding-dimension must be between 1 and 65536")
        }
        do {
            _ = try FileRoots(filesRoots)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() async throws {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        // A client that goes away must not kill us mid-write; EPIPE is handled where we write.
        signal(SIGPIPE, SIG_IGN)
        let documentStore: DocumentStore
        do {
            documentStore = try DocumentStore.open(path: store, options: StoreOptions(embeddingDimension: embeddingDimension))
        } catch let error as StoreError {
            throw CleanExit.failure(error.description)
        }
        let options = DocumentServer.Options(filesRoots: filesRoots, maxFileBytes: maxFileSize.bytes)
        let dispatcher = Dispatcher(definition: DocumentServer.definition(store: documentStore, options: options))
        switch transport {
        case .stdio:
            await StdioTransport(dispatcher: dispatcher).run()
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

extension CleanExit {
    /// A one-line reason on stderr and a non-zero exit, without a stack of noise.
    static func failure(_ message: String) -> any Error {
        FileHandle.standardError.write(Data("quire: \(message)\n".utf8))
        return ExitCode.failure
    }
}
