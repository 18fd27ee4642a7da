/// A coding key made up at run time: object member names, and array positions in coding paths.
struct JSONCodingKey: CodingKey, Hashable {
    let stringValue: String
    let intValue: Int?
    /// True for a position in an array, which error messages render as `[n]` rather than `.name`.
    let isIndex: Bool

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
        self.isIndex = false
    }

    init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
        self.isIndex = false
    }

    /// The key for element `index` of an array; spelled like Foundation's so paths read the same.
    init(index: Int) {
        self.stringValue = "Index \(index)"
        self.intValue = index
        self.isIndex = true
    }

    /// The key `superEncoder()` and `superDecoder()` use when none is given.
    static let superKey = JSONCodingKey(stringValue: "super")
}
