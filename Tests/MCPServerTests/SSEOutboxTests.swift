import MCP
import Testing
@testable import MCPServer

@Suite struct SSEOutboxTests {
    @Test func aProducerWaitsForRoomUntilTheReaderDrains() async {
        let outbox = SSEOutbox(limit: 4)
        for chunk in 1...3 { #expect(outbox.send([UInt8(chunk)])) }
        let producer = Task { await outbox.waitForRoom() }
        #expect(await outbox.next() == [1])  // two left: at most half the limit
        await producer.value
        #expect(!outbox.isClosed && !outbox.overflowed)
    }

    @Test func closingReleasesAWaitingProducer() async {
        let outbox = SSEOutbox(limit: 2)
        outbox.send([1])
        outbox.send([2])
        let producer = Task { await outbox.waitForRoom() }
        outbox.close()
        await producer.value
        #expect(await outbox.next() == [1])
    }

    @Test func aReaderTooFarBehindIsStillDropped() {
        let outbox = SSEOutbox(limit: 2)
        #expect(outbox.send([1]) && outbox.send([2]))
        #expect(!outbox.send([3]))
        #expect(outbox.isClosed && outbox.overflowed)
    }
}
