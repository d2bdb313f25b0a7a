import Foundation
import QCore
import QIPC
import QLang
#if canImport(Glibc)
import Glibc
#endif

/// Runs `body` on a thread with a large stack (deep q recursion ends in `'stack`, not a
/// crash, and the limit is generous), waiting for it to finish.
func runOnLargeStack(_ body: @escaping @Sendable () -> Void) {
    let done = DispatchSemaphore(value: 0)
    let t = Thread {
        body()
        done.signal()
    }
    t.stackSize = 512 << 20
    t.name = "q"
    t.start()
    done.wait()
}

/// Command-line options, following q's where they exist.
struct ConsoleOptions {
    var script: String?
    var scriptArgs: [String] = []
    var quiet = false
    var rows = 25, cols = 80
    var precision = 7
    /// `-p [rp,][host:]port`: listen from the start.
    var port: String?
    /// `-u file` / `-U file`: password file; `-u` also keeps clients from system commands.
    var passwordFile: String?
    var restrictClients = false
    /// `-t ms`: timer interval.
    var timer: Int32 = 0

    static func parse(_ args: [String]) -> ConsoleOptions {
        var o = ConsoleOptions()
        var k = 0
        while k < args.count {
            let a = args[k]
            switch a {
            case "-q": o.quiet = true
            case "-c":
                if k + 2 < args.count, let r = Int(args[k + 1]), let c = Int(args[k + 2]) { o.rows = r; o.cols = c; k += 2 }
            case "-p":
                if k + 1 < args.count { o.port = args[k + 1]; k += 1 }
            case "-u", "-U":
                if k + 1 < args.count {
                    if args[k + 1] != "1" { o.passwordFile = args[k + 1] }
                    o.restrictClients = a == "-u"
                    k += 1
                }
            case "-t":
                if k + 1 < args.count, let t = Int32(args[k + 1]) { o.timer = t; k += 1 }
            case "-P":
                if k + 1 < args.count, let p = Int(args[k + 1]) { o.precision = p; k += 1 }
            default:
                if o.script == nil && !a.hasPrefix("-") && o.scriptArgs.isEmpty && (a.hasSuffix(".q") || a.hasSuffix(".k")) {
                    o.script = a
                } else {
                    o.scriptArgs.append(a)
                }
            }
            k += 1
        }
        return o
    }
}

/// The `q)` console: reads lines from standard input and prints results as q does.
final class Console: @unchecked Sendable {
    // @unchecked Sendable: created on the main thread and then used only by the one
    // interpreter thread `runOnLargeStack` starts; never shared.
    let options: ConsoleOptions
    let interp = Interpreter()
    let interactive = isatty(0) != 0

    init(_ options: ConsoleOptions) {
        self.options = options
        interp.display.width = options.cols
        interp.display.height = options.rows
        interp.display.precision = options.precision
        interp.scriptArgs = options.scriptArgs
        interp.scriptName = options.script ?? ""
        interp.output = { s in print(s, terminator: "") }
        interp.errorOutput = { s in
            fflush(nil)
            FileHandle.standardError.write(Data(s.utf8))
        }
        interp.exitHandler = { code in
            fflush(nil)
            exit(code)
        }
    }

    func run() {
        if !options.quiet && interactive {
            print("QRuntime q console (kdb+ 4.x language). \\\\ to exit.")
        }
        if let file = options.passwordFile {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                FileHandle.standardError.write(Data("qrt: cannot read password file \(file)\n".utf8))
                exit(1)
            }
            interp.ipcServer.passwords = QPasswordFile(text: text)
        }
        interp.ipcServer.restrictClients = options.restrictClients
        interp.settings.timer = options.timer
        if let p = options.port {
            do { try interp.listen(spec: p) } catch let e as QError {
                FileHandle.standardError.write(Data("'\(e.name)\n".utf8))
                exit(1)
            } catch {
                FileHandle.standardError.write(Data("'\(error)\n".utf8))
                exit(1)
            }
        }
        if let script = options.script {
            do { try interp.loadScript(script) } catch let e as QError {
                print("'" + e.name)
            } catch { print("'\(error)") }
        }
        EventLoop(self).run()
    }

    /// Shows `q)` when a person is typing.
    func prompt() {
        if interactive { print("q)", terminator: "") }
        fflush(nil)
    }

    func evaluate(_ line: String) {
        do {
            if let v = try interp.evaluateLine(line) {
                for l in QFormat.console(v, interp.display) { print(l) }
            }
        } catch let e as QError {
            print("'" + e.name)
        } catch {
            print("'\(error)")
        }
    }
}
