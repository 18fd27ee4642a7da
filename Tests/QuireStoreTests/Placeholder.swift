import Testing

@Test func QuireStoreTestsBuilds() { #expect(Bool(true)) }
