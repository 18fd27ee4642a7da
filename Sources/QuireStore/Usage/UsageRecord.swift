import Foundation

/// One entry of the usage log: a tool call, a search or a language-model exchange, in plain fields.
///
/// The store keeps these for analytics and knows nothing of what produced them. Records carry
/// no argument values: a search's filter is kept as its shape (field names and operators only).
public struct UsageRecord: Sendable, Equatable {
    /// What an entry describes.
    public enum Kind: String, Sendable, CaseIterable {
        /// A finished tool call, whatever the tool.
        case toolCall = "tool_call"
        /// The details of one search: its type, filter shape and result count.
        case search
        /// One exchange with a language model, with the token counts it reported.
        case languageModel = "language_model"
    }

    /// How an operation ended.
    public enum Outcome: String, Sendable, CaseIterable {
        /// It answered normally.
        case ok
        /// It answered with an error.
        case error
        /// The caller gave up before it answered.
        case cancelled
    }

    /// What this entry describes.
    public var kind: Kind
    /// The tool (or operation) name.
    public var tool: String
    /// Who asked: the caller's principal id.
    public var principal: String
    /// When the operation started (wall clock, kept to the millisecond).
    public var startedAt: Date
    /// How long it took in milliseconds; at least 0.
    public var durationMilliseconds: Double
    /// How it ended.
    public var outcome: Outcome
    /// The error code of an error outcome, when there was one.
    public var errorCode: Int?
    /// For searches: the search type used (`vector`, `text`, `hybrid`).
    public var searchType: String?
    /// For searches: the filter's comparisons as `field op` strings, in filter order; empty without a filter.
    public var filterShape: [String]
    /// For searches: how many results were returned.
    public var resultCount: Int?
    /// For language-model entries: the provider or model that answered.
    public var provider: String?
    /// For language-model entries: prompt tokens, as reported by the model's endpoint.
    public var promptTokens: Int?
    /// For language-model entries: completion tokens, as reported by the model's endpoint.
    public var completionTokens: Int?

    /// Creates a usage record.
    public init(
        kind: Kind,
        tool: String,
        principal: String,
        startedAt: Date,
        durationMilliseconds: Double,
        outcome: Outcome = .ok,
        errorCode: Int? = nil,
        searchType: String? = nil,
        filterShape: [String] = [],
        resultCount: Int? = nil,
        provider: String? = nil,
        promptTokens: Int? = nil,
        completionTokens: Int? = nil
    ) {
        self.kind = kind
        self.tool = tool
        self.principal = principal
        self.startedAt = startedAt
        self.durationMilliseconds = durationMilliseconds
        self.outcome = outcome
        self.errorCode = errorCode
        self.searchType = searchType
        self.filterShape = filterShape
        self.resultCount = resultCount
        self.provider = provider
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
    }
}
