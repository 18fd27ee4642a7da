import Foundation

/// The rules of ``DocumentStore/update(uuid:_:)``, shared by both backends.
enum DocumentUpdateRules {
    /// `before` changed by `mutate`, checked: the uuid and creation time cannot change, `updated_at`
    /// moves to `now` (or 1 ms past its previous value, so every update moves it forward), and the
    /// result passes ``DocumentValidator``. Rethrows what `mutate` throws as is.
    static func apply(
        _ mutate: @Sendable (inout Document) throws -> Void,
        to before: Document,
        now: Date,
        embeddingDimension: Int
    ) throws -> Document {
        var after = before
        try mutate(&after)
        guard DocumentUUID.normalized(after.uuid) == before.uuid else {
            throw StoreError.validation(field: "uuid", message: "cannot change; it identifies the document")
        }
        after.uuid = before.uuid
        guard Timestamp.milliseconds(of: after.createdAt) == Timestamp.milliseconds(of: before.createdAt) else {
            throw StoreError.validation(field: "created_at", message: "cannot change after creation")
        }
        after.createdAt = before.createdAt
        let nextTick = Timestamp.truncatedToMilliseconds(before.updatedAt.addingTimeInterval(0.001))
        after.updatedAt = max(now, nextTick)
        try DocumentValidator.validate(after, embeddingDimension: embeddingDimension)
        return after
    }
}
