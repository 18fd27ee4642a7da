import MCP
import MCPServer

/// Makes embeddings with an OpenAI-compatible `/v1/embeddings` endpoint (`--embedding-url`).
///
/// Inputs go in batches (64 per request by default) so a large chunked document does not
/// become one oversized request; every vector is checked against the store's dimension.
public struct OpenAIEmbedder: Embedder {
    /// The `/v1/embeddings` service and model.
    public let endpoint: OpenAICompatibleEndpoint
    /// The store's dimension: vectors of another length are refused (`-32002`).
    public let dimension: Int
    /// Texts sent per request.
    public let batchSize: Int

    /// An embedder asking `endpoint` for vectors of `dimension` numbers, `batchSize` texts at a time.
    public init(endpoint: OpenAICompatibleEndpoint, dimension: Int, batchSize: Int = 64) {
        self.endpoint = endpoint
        self.dimension = dimension
        self.batchSize = max(1, batchSize)
    }

    /// One vector per text, in order; a reply of the wrong dimension is an error.
    public func embed(_ texts: [String]) async throws -> [[Float]] {
        var vectors: [[Float]] = []
        vectors.reserveCapacity(texts.count)
        var start = texts.startIndex
        while start < texts.endIndex {
            try Task.checkCancellation()
            let end = min(start + batchSize, texts.endIndex)
            vectors += try await embedBatch(Array(texts[start..<end]))
            start = end
        }
        return vectors
    }

    private func embedBatch(_ texts: [String]) async throws -> [[Float]] {
        // Providers refuse empty strings; a blank stands in (its vector carries no meaning anyway).
        let inputs = texts.map { $0.isEmpty ? " " : $0 }
        let body: JSONValue = ["model": .string(endpoint.model), "input": .array(inputs.map(JSONValue.string))]
        let answer: JSONValue
        do {
            answer = try await JSONHTTPClient.post(body, route: "embeddings", to: endpoint)
        } catch let error as EndpointError {
            throw ToolError.embedding("the embedding endpoint \(error.description)")
        }
        guard case .array(let items)? = answer["data"] else {
            throw ToolError.embedding("the answer from \(endpoint.host) has no data array")
        }
        guard items.count == texts.count else {
            throw ToolError.embedding("\(endpoint.host) returned \(items.count) embeddings for \(texts.count) inputs")
        }
        var ordered = [[Float]?](repeating: nil, count: texts.count)
        for (position, item) in items.enumerated() {
            // `index` says which input a vector belongs to; without it the order is the input order.
            let index = item["index"]?.intValue ?? position
            guard ordered.indices.contains(index), ordered[index] == nil else {
                throw ToolError.embedding("\(endpoint.host) returned an embedding with a bad or repeated index \(index)")
            }
            guard case .array(let numbers)? = item["embedding"] else {
                throw ToolError.embedding("\(endpoint.host) returned an item without an embedding array (base64 encodings are not requested)")
            }
            guard numbers.count == dimension else {
                throw ToolError.embedding(
                    "\(endpoint.host) (model \(endpoint.model)) returned \(numbers.count)-dimensional vectors but this store's embeddings have \(dimension) dimensions"
                )
            }
            ordered[index] = try numbers.map { number in
                guard let value = number.doubleValue, number.boolValue == nil, value.isFinite else {
                    throw ToolError.embedding("\(endpoint.host) returned a non-numeric embedding value")
                }
                return Float(value)
            }
        }
        return ordered.compactMap { $0 }
    }
}
