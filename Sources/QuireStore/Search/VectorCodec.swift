import Foundation

/// Stores embeddings as little-endian Float32 BLOBs and measures them.
enum VectorCodec {
    /// The vector's bytes: 4 per element, little-endian, so the file reads the same on every host.
    static func encode(_ vector: [Float]) -> Data {
        #if _endian(little)
        // The in-memory layout already is the stored layout: one copy.
        return vector.withUnsafeBytes { Data($0) }
        #else
        var data = Data(count: vector.count * 4)
        data.withUnsafeMutableBytes { buffer in
            for (index, value) in vector.enumerated() {
                buffer.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: index * 4, as: UInt32.self)
            }
        }
        return data
        #endif
    }

    /// The vector in `data`, or `nil` when its length is not a whole number of Float32s.
    static func decode(_ data: Data) -> [Float]? {
        guard data.count % 4 == 0 else { return nil }
        let count = data.count / 4
        return [Float](unsafeUninitializedCapacity: count) { elements, initialized in
            data.withUnsafeBytes { bytes in
                #if _endian(little)
                // A byte copy also handles SQLite buffers that are not 4-byte aligned.
                UnsafeMutableRawBufferPointer(elements).copyMemory(from: bytes)
                #else
                for index in 0..<count {
                    elements[index] = Float(
                        bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self))
                    )
                }
                #endif
            }
            initialized = count
        }
    }

    /// The Euclidean norm, accumulated in Double.
    static func norm(_ vector: [Float]) -> Double {
        var sum = 0.0
        for value in vector {
            let element = Double(value)
            sum += element * element
        }
        return sum.squareRoot()
    }

    /// The dot product of `query` with the vector stored in `bytes`, read in place without decoding
    /// to an array. Returns `nil` when the lengths differ.
    static func dot(_ query: [Float], storedBytes bytes: UnsafeRawBufferPointer) -> Double? {
        guard bytes.count == query.count * 4 else { return nil }
        var sum = 0.0
        query.withUnsafeBufferPointer { queryBuffer in
            for index in 0..<queryBuffer.count {
                let stored = Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)))
                sum += Double(stored) * Double(queryBuffer[index])
            }
        }
        return sum
    }
}
