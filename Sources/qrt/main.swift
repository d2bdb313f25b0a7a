import Foundation
import QCore
import QLang
#if canImport(Glibc)
import Glibc
#endif

// qrt: the q console on the embedded interpreter, and the conformance runner.
//
//   qrt [script.q [args…]] [-q] [-c rows cols] [-P precision]
//   qrt --conformance FILE.jsonl [FILE…] [--report OUT.json] [--page NAME] [-v]


let arguments = Array(CommandLine.arguments.dropFirst())

if arguments.first == "--conformance-worker" {
    let dir = arguments.count > 1 ? arguments[1] : nil
    runOnLargeStack { ConformanceWorker.run(in: dir) }
    exit(0)
}

if arguments.first == "--conformance" {
    var files: [String] = []
    var report: String?
    var page: String?
    var verbose = false
    var k = 1
    while k < arguments.count {
        switch arguments[k] {
        case "--report": k += 1; report = k < arguments.count ? arguments[k] : nil
        case "--page": k += 1; page = k < arguments.count ? arguments[k] : nil
        case "-v": verbose = true
        default: files.append(arguments[k])
        }
        k += 1
    }
    do {
        let rc = try Conformance.run(files: files, report: report, pageFilter: page, verbose: verbose)
        fflush(nil)
        exit(rc)
    } catch {
        FileHandle.standardError.write(Data("qrt: \(error)\n".utf8))
        exit(2)
    }
}

let options = ConsoleOptions.parse(arguments)
runOnLargeStack { Console(options).run() }
exit(0)
