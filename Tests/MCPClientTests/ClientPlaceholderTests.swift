import Testing
@testable import MCPClient

// Replaced by the client's own suites (issue 7).
@Test func clientTargetBuilds() { #expect(Bool(true)) }
