import Testing

@Test func MCPTestsBuilds() { #expect(Bool(true)) }
