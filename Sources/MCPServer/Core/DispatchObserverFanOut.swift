/// Tells several observers about every finished tool call, in order: a usage log and metrics
/// can both watch one dispatcher.
public struct DispatchObserverFanOut: DispatchObserver {
    /// The observers, told in this order.
    public let observers: [any DispatchObserver]

    /// Fans out to the non-nil `observers`.
    public init(_ observers: [(any DispatchObserver)?]) {
        self.observers = observers.compactMap { $0 }
    }

    public func toolCallFinished(_ record: ToolCallRecord) async {
        for observer in observers { await observer.toolCallFinished(record) }
    }
}
