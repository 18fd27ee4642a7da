import Foundation

/// Prices for language-model tokens, per provider or model name, supplied by the operator.
///
/// Quire ships no prices: costs are reported only for providers listed here. A table is read from
/// a JSON file (`quire serve --price-table FILE`):
/// ```json
/// {"currency": "USD",
///  "prices": {"gpt-4o-mini": {"prompt_per_million": 0.15, "completion_per_million": 0.60}}}
/// ```
public struct PriceTable: Sendable, Equatable {
    /// The price of a million tokens of each kind.
    public struct TokenPrice: Sendable, Equatable {
        /// Price of a million prompt tokens.
        public var promptPerMillion: Double
        /// Price of a million completion tokens.
        public var completionPerMillion: Double

        /// Creates a price from its two rates.
        public init(promptPerMillion: Double, completionPerMillion: Double) {
            self.promptPerMillion = promptPerMillion
            self.completionPerMillion = completionPerMillion
        }
    }

    /// The currency of every price, e.g. `USD`.
    public var currency: String
    /// Prices by provider or model name, as language-model usage records name them.
    public var prices: [String: TokenPrice]

    /// Creates a table; the default is empty (nothing priced).
    public init(currency: String = "USD", prices: [String: TokenPrice] = [:]) {
        self.currency = currency
        self.prices = prices
    }

    /// Whether any price is configured.
    public var isEmpty: Bool { prices.isEmpty }

    /// The cost of the given tokens, or `nil` when `provider` has no price.
    func cost(provider: String, promptTokens: Int, completionTokens: Int) -> Double? {
        guard let price = prices[provider] else { return nil }
        return (Double(promptTokens) * price.promptPerMillion + Double(completionTokens) * price.completionPerMillion) / 1_000_000
    }

    /// What went wrong reading a price table.
    public struct LoadError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Reads a table from a JSON file in the format above.
    ///
    /// - Throws: ``LoadError`` naming the file and the entry at fault.
    public static func load(path: String) throws -> PriceTable {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw LoadError(description: "cannot read the price table \(path): \(error.localizedDescription)")
        }
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw LoadError(description: "the price table \(path) is not a JSON object")
        }
        let currency = root["currency"] as? String ?? "USD"
        guard let entries = root["prices"] as? [String: Any] else {
            throw LoadError(description: "the price table \(path) needs a \"prices\" object mapping model names to prices")
        }
        var prices: [String: TokenPrice] = [:]
        for (name, value) in entries {
            guard let entry = value as? [String: Any],
                  let prompt = (entry["prompt_per_million"] as? NSNumber)?.doubleValue,
                  let completion = (entry["completion_per_million"] as? NSNumber)?.doubleValue,
                  prompt >= 0, completion >= 0, prompt.isFinite, completion.isFinite
            else {
                throw LoadError(description: "the price table \(path): \"\(name)\" needs non-negative prompt_per_million and completion_per_million numbers")
            }
            prices[name] = TokenPrice(promptPerMillion: prompt, completionPerMillion: completion)
        }
        return PriceTable(currency: currency, prices: prices)
    }
}
