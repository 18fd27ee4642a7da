import ArgumentParser
import QuireServer

@main
struct Quire: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quire",
        abstract: "A document-context MCP server and client.",
        version: DocumentServer.version,
        subcommands: [Serve.self, Import.self, Export.self, MCPCommand.self, Keys.self, Token.self]
    )
}
