/// Splits text into overlapping chunks of about `size` characters, preferring to cut at
/// whitespace so words stay whole.
struct Chunker {
    let size: Int
    let overlap: Int

    func chunks(of text: String) -> [String] {
        let characters = Array(text)
        guard characters.count > size else { return [text] }
        var chunks: [String] = []
        var start = 0
        while start < characters.count {
            var end = min(start + size, characters.count)
            if end < characters.count {
                // Look back over the last fifth of the chunk for a place to break.
                let earliest = start + size * 4 / 5
                if let space = (earliest..<end).reversed().first(where: { characters[$0].isWhitespace }) { end = space + 1 }
            }
            chunks.append(String(characters[start..<end]))
            if end == characters.count { break }
            start = max(end - overlap, start + 1)
        }
        return chunks
    }
}
