import Foundation
import QIPC
import QRuntime

// The IPC half of PyKX's threaded-execution example, in Swift: a q server pushes rows to
// 20 subscriber connections; 20 tasks each receive 1,000 rows and upsert them into one
// table of the local embedded q session (THREADING on, so no row is lost).
//
//   swift run ThreadedSubscribers                   (starts an in-process q server)
//   qrt -p 5001 &  swift run ThreadedSubscribers 5001   (uses a running server)

let connections = 20
let calls = 1_000

// The server: a port given on the command line, or a second runtime listening here.
var serverRuntime: QRuntime?
let port: Int
if CommandLine.arguments.count > 1, let p = Int(CommandLine.arguments[1]) {
    port = p
} else {
    let server = try QRuntime(configuration: QConfiguration(threading: true, threadName: "q-server"))
    port = try server.listen(port: 0)
    serverRuntime = server
    print("in-process q server listening on port \(port)")
}
defer { serverRuntime?.shutdownThread() }

// The local session that receives the rows.
let q = try QRuntime(configuration: QConfiguration(threading: true))
defer { q.shutdownThread() }
try q("table:([] a:10?10; b:10?10)")
print("===== Initial Table =====")
try q("show table")

// 20 push-capable connections; on the server, py_server{i} is an async handle back to each.
let subscribers = try (0..<connections).map { _ in try QConnection(port: port) }
for (i, c) in subscribers.enumerated() {
    try await c.query("py_server\(i): neg .z.w")
}
let main = try QConnection(port: port)
let body = (0..<connections).map { "py_server\($0)[2?100]" }.joined(separator: "; ")
try main("send_data:{\(body)}")

try await withThrowingTaskGroup(of: Int.self) { group in
    for c in subscribers {
        let rows = c.messages
        group.addTask {
            var received = 0
            for try await row in rows {
                // Each push is a long vector of length 2: one row of the table.
                guard case .vector(let v) = row, v.type == .long, v.count == 2 else {
                    throw QError("unexpected message \(row)")
                }
                try await q.upsert("table", row)
                received += 1
                if received == calls { break }
            }
            return received
        }
    }
    // Ask the server, without waiting, to push 1,000 rows to every subscriber.
    try main.send("do[\(calls);send_data[]]")
    var total = 0
    for try await n in group { total += n }
    print("received \(total) rows over \(connections) connections")
}

print("===== Final Table =====")
try q("show 20#table")
let rows = try Int(qValue: q("count table"))
print("rows: \(rows) (expected \(10 + connections * calls))")
for c in subscribers { c.close() }
main.close()
