import QCore
#if canImport(Glibc)
import Glibc
#endif

/// The `.z` namespace values computed when read: clocks, process facts, arguments.
enum DotZ {
    /// Seconds from the Unix epoch to 2000.01.01.
    static let epochOffset: Int64 = 946_684_800

    static func value(_ name: String, _ s: Interpreter) throws -> QValue? {
        guard name.hasPrefix(".z.") else { return nil }
        switch name.dropFirst(3) {
        case "K": return .float(4.1)
        case "k": return .atom(.date, .i(Int32(QCalendar.days(year: 2024, month: 10, day: 1))))
        case "o": return .symbol("l64")
        case "x": return .list(s.scriptArgs.map { QValue.string($0) })
        case "f": return .symbol(s.scriptName)
        case "i": return .int(getpid())
        case "h":
            var buf = [CChar](repeating: 0, count: 256)
            gethostname(&buf, buf.count)
            return .symbol(String(cString: buf))
        case "u":
            if let u = s.dotZU { return u }
            return .symbol(String(cString: getenv("USER") ?? getenv("LOGNAME") ?? strdup("")))
        case "a": return s.dotZA ?? .int(0)
        case "c": return .int(Int32(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        case "s":
            if let l = s.currentLambda { return .function(.lambda(l)) }
            return nil
        case "w": return .int(s.currentHandle)
        case "e": return .dict(QDict(keys: .symbols([]), values: .emptyList))
        case "b": return .dict(QDict(keys: .symbols([]), values: .emptyList))
        case "q": return .bool(false)
        case "W": return s.dotZW
        case "H": return s.dotZH
        case "p": return .atom(.timestamp, .j(nowNanos(local: false)))
        case "P": return .atom(.timestamp, .j(nowNanos(local: true)))
        case "n": return .atom(.timespan, .j(QCalendar.floorMod(nowNanos(local: false), QCalendar.nanosPerDay)))
        case "N": return .atom(.timespan, .j(QCalendar.floorMod(nowNanos(local: true), QCalendar.nanosPerDay)))
        case "d": return .atom(.date, .i(Int32(QCalendar.floorDiv(nowNanos(local: false), QCalendar.nanosPerDay))))
        case "D": return .atom(.date, .i(Int32(QCalendar.floorDiv(nowNanos(local: true), QCalendar.nanosPerDay))))
        case "t": return .atom(.time, .i(Int32(QCalendar.floorMod(nowNanos(local: false), QCalendar.nanosPerDay) / 1_000_000)))
        case "T": return .atom(.time, .i(Int32(QCalendar.floorMod(nowNanos(local: true), QCalendar.nanosPerDay) / 1_000_000)))
        case "z": return .atom(.datetime, .f(Double(nowNanos(local: false) / 1_000_000) / 86_400_000))
        case "Z": return .atom(.datetime, .f(Double(nowNanos(local: true) / 1_000_000) / 86_400_000))
        default: return nil
        }
    }

    /// Nanoseconds since 2000.01.01 (UTC, or local time).
    static func nowNanos(local: Bool) -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        var secs = Int64(ts.tv_sec)
        if local {
            var t = time_t(ts.tv_sec)
            var tmv = tm()
            localtime_r(&t, &tmv)
            secs += Int64(tmv.tm_gmtoff)
        }
        return (secs - epochOffset) * 1_000_000_000 + Int64(ts.tv_nsec)
    }
}
