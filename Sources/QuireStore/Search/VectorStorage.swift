/// The vectors of the in-memory index: unit-length Float32 copies of the stored embeddings, laid out
/// contiguously in fixed-size blocks, with the `documents` row id of every slot.
///
/// A value type whose parts are copy-on-write per block: a search keeps a copy (a snapshot) while
/// a write that lands meanwhile copies only the one block it touches (1024 slots, 1.5 MB at 384
/// dimensions), never the whole index.
struct VectorStorage: Sendable {
    /// Slots per block.
    static let blockSlots = 1024
    /// The row id of a free slot (SQLite never assigns it: automatic row ids are positive).
    static let freeSlot = Int64.min

    let dimension: Int
    /// `blockSlots × dimension` floats each; slot `s` lives in block `s / blockSlots`.
    private(set) var blocks: [[Float]] = []
    /// The row id of every slot in use so far, ``freeSlot`` for freed ones.
    private(set) var rowIDs: [Int64] = []
    private var slotOfRow: [Int64: Int32] = [:]
    private var freeSlots: [Int32] = []

    init(dimension: Int) {
        self.dimension = dimension
    }

    /// How many vectors are indexed.
    var count: Int { slotOfRow.count }

    /// How many slots have been used (live or free); scans run over `0..<slotCount`.
    var slotCount: Int { rowIDs.count }

    /// The bytes held for vectors, row ids and the slot map (approximate for the map).
    var memoryBytes: Int {
        blocks.count * Self.blockSlots * dimension * MemoryLayout<Float>.stride
            + rowIDs.capacity * MemoryLayout<Int64>.stride
            + slotOfRow.capacity * (MemoryLayout<Int64>.stride + MemoryLayout<Int32>.stride + 1)
    }

    /// The slot holding `rowID`, if indexed.
    func slot(of rowID: Int64) -> Int32? {
        slotOfRow[rowID]
    }

    /// Indexes (or re-indexes) row `rowID` from its stored embedding bytes and stored norm.
    ///
    /// Rows the brute-force scan would skip are removed instead: no vector, a length that is not
    /// `dimension` floats, or a norm that is not positive (an all-zero vector has no direction).
    mutating func upsert(rowID: Int64, vector bytes: UnsafeRawBufferPointer?, norm: Double?) {
        guard let bytes, bytes.count == dimension * 4, let norm, norm > 0, norm.isFinite else {
            remove(rowID: rowID)
            return
        }
        let slot: Int
        if let existing = slotOfRow[rowID] {
            slot = Int(existing)
        } else {
            slot = allocateSlot()
            slotOfRow[rowID] = Int32(slot)
            rowIDs[slot] = rowID
        }
        let offset = (slot % Self.blockSlots) * dimension
        let dimension = self.dimension
        blocks[slot / Self.blockSlots].withUnsafeMutableBufferPointer { block in
            for index in 0..<dimension {
                let raw = Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)))
                // Divided in Double, rounded once: each component is within half an ulp of exact.
                block[offset + index] = Float(Double(raw) / norm)
            }
        }
    }

    /// Drops row `rowID` from the index; its slot is zeroed and reused by a later insert.
    mutating func remove(rowID: Int64) {
        guard let slot = slotOfRow.removeValue(forKey: rowID).map(Int.init) else { return }
        rowIDs[slot] = Self.freeSlot
        let offset = (slot % Self.blockSlots) * dimension
        let dimension = self.dimension
        blocks[slot / Self.blockSlots].withUnsafeMutableBufferPointer { block in
            for index in offset..<(offset + dimension) { block[index] = 0 }
        }
        freeSlots.append(Int32(slot))
    }

    /// Drops every indexed row for which `isGone` is true.
    mutating func removeRows(where isGone: (Int64) -> Bool) {
        let gone = slotOfRow.keys.filter(isGone)
        for rowID in gone { remove(rowID: rowID) }
    }

    private mutating func allocateSlot() -> Int {
        if let reused = freeSlots.popLast() { return Int(reused) }
        let slot = rowIDs.count
        if slot / Self.blockSlots >= blocks.count {
            blocks.append([Float](repeating: 0, count: Self.blockSlots * dimension))
        }
        rowIDs.append(Self.freeSlot)
        return slot
    }
}
