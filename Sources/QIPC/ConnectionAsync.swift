// The async/await side of `QConnection`: queries that suspend the task instead of
// blocking a thread, and the stream of messages the server pushes. Both are served by
// the connection's pump thread (started on first use), which reads every incoming
// message and resumes whoever it belongs to; no cooperative-pool thread ever blocks on
// the socket.
import QCore

extension QConnection {
    /// Evaluates q source text on the server without blocking a thread.
    ///
    /// - Throws: `QError` for an error the server signalled; `QConnectionError` when the
    ///   connection fails.
    @discardableResult
    public func query(_ source: String) async throws -> QValue {
        try await query(value: .string(source))
    }

    /// Applies `f` (a server-side name or q source such as `"{x+y}"`) to arguments,
    /// without blocking a thread: `try await conn.query("upd", .symbol("t"), row)`.
    @discardableResult
    public func query(_ function: String, _ args: QValue...) async throws -> QValue {
        try await query(value: QConnection.request(function, args))
    }

    /// Sends any value as a sync request without blocking a thread; see `sync(_:)`.
    @discardableResult
    public func query(value: QValue) async throws -> QValue {
        try core.ensurePump()
        let w = Waiter()
        try core.write(value, type: .sync, waiter: w)
        return try await withCheckedThrowingContinuation { c in core.install(c, for: w) }
    }

    /// Messages the server sends unprompted, in arrival order: what `neg[.z.w] x` pushes
    /// to this client (what PyKX's `RawQConnection.poll_recv` returns).
    ///
    /// The same stream is returned on every access; iterate it from one task. It ends when
    /// the connection closes, or throws if it breaks. Messages are buffered without limit
    /// until consumed.
    public var messages: AsyncThrowingStream<QValue, Error> {
        let s = core.messageStream()
        // Reading starts once someone listens; a failure to start surfaces on `query`.
        try? core.ensurePump()
        return s
    }
}
