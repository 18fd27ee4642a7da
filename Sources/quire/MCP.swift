import ArgumentParser
import Foundation
import MCP
import MCPClient
import QuireServer

/// `quire mcp …`: the MCP client. Each subcommand parses its arguments and hands over to `MCPClient`.
struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Register MCP servers, discover their tools and call them (stdio, Streamable HTTP, HTTP+SSE).",
        discussion: """
            The registry is $QUIRE_HOME/mcp.json (default ~/.quire/mcp.json) in the standard "mcpServers" format; \
            -s project uses ./.mcp.json. ${VAR} and ${VAR:-default} are expanded when a server is used. \
            Exit codes: 0 ok, 1 tool or JSON-RPC error, 2 usage or config, 3 connection or timeout, 4 auth.
            """,
        subcommands: [
            MCPAdd.self, MCPAddJSON.self, MCPImport.self, MCPList.self, MCPGet.self, MCPRemove.self,
            MCPSync.self, MCPTools.self, MCPInfo.self, MCPCall.self, MCPLogin.self, MCPLogout.self,
        ]
    )
}

/// Output and error handling shared by the `mcp` subcommands.
enum ClientCLI {
    static func service() -> ClientService {
        ClientIdentity.version = DocumentServer.version
        let home = QuireHome.fromEnvironment()
        return ClientService(home: home, registry: Registry(home: home))
    }

    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(SecretRedactor.shared.scrub(text).utf8))
    }

    static func err(_ text: String) {
        FileHandle.standardError.write(Data(SecretRedactor.shared.scrub(text).utf8))
    }

    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
    static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// Runs a command body: a failure becomes one line on stderr and its exit code.
    static func run(_ body: () async throws -> Int32) async throws {
        let code: Int32
        do {
            code = try await body()
        } catch let exit as ExitCode {
            throw exit
        } catch {
            let failure = ClientService.clientError(error)
            err("quire: \(failure.message)\n")
            throw ExitCode(failure.exitCode)
        }
        if code != 0 { throw ExitCode(code) }
    }

    /// Ends child servers when the client is interrupted, so none outlive it.
    static func installSignalHandlers() {
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                ChildProcesses.terminateAll()
                err("\nquire: interrupted\n")
                exit(130)
            }
            source.resume()
            signalSources.append(source)
        }
    }

    nonisolated(unsafe) static var signalSources: [any DispatchSourceSignal] = []

    static func connectOptions(verbose: Bool, timeout: Double?, maxTimeout: Double?, home: QuireHome) -> ConnectOptions {
        let interactive = stdinIsTerminal || ProcessInfo.processInfo.environment["QUIRE_OAUTH_BROWSER"] != nil
        return ConnectOptions(home: home, verbose: verbose, timeout: timeout, maxTimeout: maxTimeout, interactive: interactive) { message in
            err("quire: \(message)\n")
        }
    }

    static func printWarnings(_ warnings: [String]) {
        for warning in warnings { err("warning: \(warning)\n") }
    }
}

/// A progress bar on stderr when it is a terminal; nothing otherwise.
final class ProgressBar: Sendable {
    let label: String
    let enabled: Bool

    init(label: String) {
        self.label = label
        self.enabled = ClientCLI.stderrIsTerminal
    }

    func update(_ progress: ProgressParams) {
        guard enabled else { return }
        var line = "\r\u{1B}[K\(label) "
        if let total = progress.total, total > 0 {
            let fraction = max(0, min(1, progress.progress / total))
            let filled = Int(fraction * 24)
            line += "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: 24 - filled) + "] \(Int(fraction * 100))%"
        } else {
            line += "\(progress.progress)"
        }
        if let message = progress.message { line += " \(message.prefix(60))" }
        ClientCLI.err(line)
    }

    func finish() {
        if enabled { ClientCLI.err("\r\u{1B}[K") }
    }
}
