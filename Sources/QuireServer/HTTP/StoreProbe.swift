import Foundation
import Hummingbird
import MCPServer
import QuireStore

/// Tells `/ready` whether the store can take writes and publishes its size in `/metrics`.
struct StoreProbe: HTTPRouteProvider {
    let store: DocumentStore

    func addRoutes(to router: Router<MCPRequestContext>, context: HTTPRouteContext) {}

    /// Not ready when the store was opened read-only, its file or folder cannot be written
    /// (SQLite needs both, for the journal), or a read fails.
    func readinessProblem() async -> String? {
        if store.isReadOnly { return "store \(store.path) is open read-only" }
        let files = FileManager.default
        let folder = (store.path as NSString).deletingLastPathComponent
        if !files.isWritableFile(atPath: store.path) { return "store file \(store.path) is not writable" }
        if !files.isWritableFile(atPath: folder.isEmpty ? "." : folder) { return "store folder \(folder) is not writable" }
        do {
            _ = try await store.count()
        } catch {
            return "store \(store.path) cannot be read: \(error)"
        }
        return nil
    }

    func refreshMetrics(_ metrics: ServerMetrics) async {
        if let count = try? await store.count() {
            metrics.setGauge("quire_store_documents", help: "Documents in the store.", to: Double(count))
        }
        if let footprint = try? await store.storageFootprint() {
            metrics.setGauge("quire_store_size_bytes", help: "The store's size on disk: database, write-ahead log and shared memory.", to: Double(footprint.totalBytes))
        }
    }
}
