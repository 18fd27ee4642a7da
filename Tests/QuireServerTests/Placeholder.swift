import Testing

@Test func QuireServerTestsBuilds() { #expect(Bool(true)) }
