import Testing

@Test func MCPServerTestsBuilds() { #expect(Bool(true)) }
