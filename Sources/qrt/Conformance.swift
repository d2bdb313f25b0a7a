import Foundation
import QCore
import QLang
#if canImport(Glibc)
import Glibc
#endif

// The conformance runner: replays q console transcripts (../shared/conformance) page by
// page, each page in a fresh session run by a worker process, so that a step that
// crashes or hangs costs only that step. After a worker dies, a new one replays the
// page's earlier steps (without judging them) to rebuild the session, then goes on.

struct ConformanceStep {
    let input: String
    let expected: [String]
}

struct ConformancePage {
    let source: String
    var steps: [ConformanceStep]
}

/// Result of one step.
struct StepResult {
    let page: String
    let input: String
    let expected: [String]
    let got: [String]
    let ok: Bool
    let note: String
}

enum Conformance {
    /// Seconds a step may run before it counts as hung.
    static let stepTimeout: Double = 5

    static func loadPages(_ files: [String]) throws -> [ConformancePage] {
        var pages: [ConformancePage] = []
        var index: [String: Int] = [:]
        for file in files {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            for line in text.split(separator: "\n") where !line.isEmpty {
                guard let obj = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                      let source = obj["source"] as? String, let steps = obj["steps"] as? [[String: Any]] else { continue }
                let parsed = steps.map { s in
                    ConformanceStep(input: s["input"] as? String ?? "", expected: s["output"] as? [String] ?? [])
                }
                if let k = index[source] { pages[k].steps += parsed } else {
                    index[source] = pages.count
                    pages.append(ConformancePage(source: source, steps: parsed))
                }
            }
        }
        return pages
    }

    /// Compares printed lines with the transcript's, as the folder's README says.
    static func matches(_ got: [String], _ expected: [String]) -> Bool {
        func trim(_ s: String) -> String {
            var t = Substring(s)
            while t.last == " " { t = t.dropLast() }
            return String(t)
        }
        if let first = expected.first, first.hasPrefix("'") {
            return got.first.map(trim) == trim(first)
        }
        var e = expected.map(trim)
        while e.last == "" { e.removeLast() }
        var g = got.map(trim)
        while g.last == "" { g.removeLast() }
        return e == g
    }

    /// Runs every page; prints the per-page table and the final figure. Workers run in a
    /// fresh temporary folder, so pages that write files leave nothing behind.
    static func run(files: [String], report: String?, pageFilter: String?, verbose: Bool) throws -> Int32 {
        var pages = try loadPages(files)
        var template = Array("/tmp/qrt-conformance-XXXXXX".utf8CString)
        guard let dir = mkdtemp(&template) else { throw QError("mkdtemp") }
        let workDirectory = String(cString: dir)
        defer { _ = system("rm -rf '\(workDirectory)'") }
        if let f = pageFilter { pages = pages.filter { $0.source.contains(f) } }
        var results: [StepResult] = []
        var total = 0, matched = 0
        print(pad("page", 36) + pad("steps", 7) + pad("match", 7) + "%")
        for page in pages {
            let r = runPage(page, in: workDirectory)
            results += r
            let ok = r.filter(\.ok).count
            total += r.count
            matched += ok
            print(pad(page.source, 36) + pad(String(r.count), 7) + pad(String(ok), 7) + percent(ok, r.count))
            if verbose {
                for s in r where !s.ok {
                    print("  q)" + s.input)
                    print("    want: " + s.expected.joined(separator: "⏎"))
                    print("    got:  " + s.got.joined(separator: "⏎") + (s.note.isEmpty ? "" : "  [\(s.note)]"))
                }
            }
        }
        print("conformance: \(matched)/\(total) steps match (\(percent(matched, total))%)")
        if let path = report {
            let json: [[String: Any]] = results.map {
                ["page": $0.page, "input": $0.input, "expected": $0.expected, "got": $0.got, "ok": $0.ok, "note": $0.note]
            }
            let data = try JSONSerialization.data(withJSONObject: ["matched": matched, "total": total, "steps": json],
                                                  options: [.prettyPrinted, .sortedKeys])
            try data.write(to: URL(fileURLWithPath: path))
        }
        return 0
    }

    static func pad(_ s: String, _ n: Int) -> String {
        s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count)
    }

    static func percent(_ a: Int, _ b: Int) -> String {
        guard b > 0 else { return "0.0" }
        let p = (Double(a) * 1000 / Double(b)).rounded() / 10
        return String(p)
    }

    /// Runs one page in worker processes.
    static func runPage(_ page: ConformancePage, in directory: String) -> [StepResult] {
        var out: [StepResult] = []
        var worker: Worker? = nil
        var history: [String] = []
        for step in page.steps {
            if worker == nil {
                worker = Worker.start(in: directory)
                // Rebuild the session from the steps that ran before.
                for h in history { _ = worker?.send(h, timeout: stepTimeout) }
            }
            guard let w = worker else {
                out.append(StepResult(page: page.source, input: step.input, expected: step.expected, got: [], ok: false, note: "no worker"))
                continue
            }
            switch w.send(step.input, timeout: stepTimeout) {
            case .lines(let got):
                out.append(StepResult(page: page.source, input: step.input, expected: step.expected, got: got,
                                      ok: matches(got, step.expected), note: ""))
                history.append(step.input)
            case .timeout:
                w.kill()
                worker = nil
                out.append(StepResult(page: page.source, input: step.input, expected: step.expected, got: [], ok: step.expected.isEmpty && false, note: "timeout"))
            case .died:
                worker = nil
                out.append(StepResult(page: page.source, input: step.input, expected: step.expected, got: [], ok: false, note: "crash"))
            }
        }
        worker?.kill()
        return out
    }
}

/// A child `qrt --conformance-worker` process: reads one step per line (JSON string),
/// answers with a JSON array of the lines it printed.
final class Worker {
    let pid: pid_t
    let toChild: Int32
    let fromChild: Int32
    var buffer: [UInt8] = []

    enum Reply { case lines([String]), timeout, died }

    private init(pid: pid_t, toChild: Int32, fromChild: Int32) {
        self.pid = pid; self.toChild = toChild; self.fromChild = fromChild
    }

    static func start(in directory: String) -> Worker? {
        var inPipe: [Int32] = [0, 0], outPipe: [Int32] = [0, 0]
        guard pipe(&inPipe) == 0, pipe(&outPipe) == 0 else { return nil }
        let exe = CommandLine.arguments[0].contains("/") ? CommandLine.arguments[0] : "/proc/self/exe"
        let path = URL(fileURLWithPath: exe).standardizedFileURL.path
        var fileActions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fileActions)
        posix_spawn_file_actions_adddup2(&fileActions, inPipe[0], 0)
        posix_spawn_file_actions_adddup2(&fileActions, outPipe[1], 1)
        posix_spawn_file_actions_addclose(&fileActions, inPipe[1])
        posix_spawn_file_actions_addclose(&fileActions, outPipe[0])
        // A crashing step's backtrace is noise in the report: the step just fails.
        posix_spawn_file_actions_addopen(&fileActions, 2, "/dev/null", O_WRONLY, 0)
        var pid: pid_t = 0
        let args = [path, "--conformance-worker", directory]
        let cargs = args.map { strdup($0) } + [nil]
        setenv("SWIFT_BACKTRACE", "enable=no", 1)
        let rc = posix_spawn(&pid, path, &fileActions, nil, cargs, environ)
        cargs.forEach { free($0) }
        posix_spawn_file_actions_destroy(&fileActions)
        close(inPipe[0]); close(outPipe[1])
        guard rc == 0 else { close(inPipe[1]); close(outPipe[0]); return nil }
        return Worker(pid: pid, toChild: inPipe[1], fromChild: outPipe[0])
    }

    func send(_ input: String, timeout: Double) -> Reply {
        guard let data = try? JSONSerialization.data(withJSONObject: [input], options: []) else { return .died }
        var bytes = [UInt8](data)
        bytes.append(10)
        let wrote = bytes.withUnsafeBytes { write(toChild, $0.baseAddress, $0.count) }
        guard wrote == bytes.count else { return .died }
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let nl = buffer.firstIndex(of: 10) {
                let line = Array(buffer[..<nl])
                buffer.removeFirst(nl + 1)
                guard let arr = try? JSONSerialization.jsonObject(with: Data(line)) as? [String] else { return .died }
                return .lines(arr)
            }
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { return .timeout }
            var pfd = pollfd(fd: fromChild, events: Int16(POLLIN), revents: 0)
            let r = poll(&pfd, 1, Int32(remaining * 1000))
            if r == 0 { return .timeout }
            if r < 0 { if errno == EINTR { continue }; return .died }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = read(fromChild, &chunk, chunk.count)
            if n <= 0 { reap(); return .died }
            buffer += chunk[..<n]
        }
    }

    func kill() {
        Glibc.kill(pid, SIGKILL)
        reap()
    }

    private func reap() {
        close(toChild); close(fromChild)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }
}

/// The worker side: one session, steps in, printed lines out.
enum ConformanceWorker {
    static func run(in directory: String?) {
        if let d = directory { chdir(d) }
        let interp = Interpreter()
        var printed = ""
        interp.output = { printed += $0 }
        interp.exitHandler = { _ in }
        while let line = readLine(strippingNewline: true) {
            guard let arr = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String], let input = arr.first else { continue }
            printed = ""
            var lines: [String] = []
            do {
                if let v = try interp.evaluateLine(input) {
                    lines = splitLines(printed) + QFormat.console(v, interp.display)
                } else {
                    lines = splitLines(printed)
                }
            } catch let e as QError {
                lines = splitLines(printed) + ["'" + e.name]
            } catch {
                lines = splitLines(printed) + ["'\(error)"]
            }
            let data = (try? JSONSerialization.data(withJSONObject: lines, options: [])) ?? Data("[]".utf8)
            FileHandle.standardOutput.write(data)
            FileHandle.standardOutput.write(Data([10]))
        }
    }

    static func splitLines(_ s: String) -> [String] {
        guard !s.isEmpty else { return [] }
        var parts = s.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if parts.last == "" { parts.removeLast() }
        return parts
    }
}
