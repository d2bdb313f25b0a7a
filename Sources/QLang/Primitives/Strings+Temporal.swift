import QCore

// Casts between temporal types and the part-extraction casts (`` `year$ `` …).
// Points in time (timestamp, date, datetime, month) count from 2000.01.01; clock types
// (timespan, minute, second, time) count from midnight. Narrowing floors, as q does:
// a timestamp late on a day is still that day.

/// The unit of an integral temporal value: nanoseconds per unit, or calendar months.
enum TemporalUnit {
    case month
    /// A point in time, `ns` nanoseconds per unit.
    case point(Int64)
    /// A time of day or duration, `ns` nanoseconds per unit.
    case clock(Int64)
}

private let nsPerDay = QCalendar.nanosPerDay
private let msPerDay: Int64 = 86_400_000

extension Strings {
    static func temporalUnitOf(_ t: QType) -> TemporalUnit {
        switch t {
        case .month: return .month
        case .date: return .point(nsPerDay)
        case .datetime: return .point(1_000_000)
        case .timespan: return .clock(1)
        case .minute: return .clock(60_000_000_000)
        case .second: return .clock(1_000_000_000)
        case .time: return .clock(1_000_000)
        default: return .point(1)
        }
    }

    /// Changes the unit of Int64 temporal values (null and ±infinity kept).
    static func convertTemporal(_ v: [Int64], from: TemporalUnit, to: QType) throws -> [Int64] {
        let target = temporalUnitOf(to)
        switch (from, target) {
        case (.month, .month):
            return v
        case (.month, .clock):
            throw QError.type
        case (.month, _):
            let days = mapKeeping(v) { Int64(monthToDays($0)) }
            return try convertTemporal(days, from: .point(nsPerDay), to: to)
        case (.point(let u), .month):
            let days = scale(v, u, nsPerDay)
            return mapKeeping(days) { daysToMonth($0) }
        case (.clock, .month):
            throw QError.type
        case (.point(let u), .clock(1)):
            // A timespan is the whole span since 2000.01.01 (same nanoseconds as a timestamp).
            return scale(v, u, 1)
        case (.point(let u), .clock(let w)):
            // The time of day of a point in time; a date has none.
            guard u < nsPerDay else { throw QError.type }
            let perDay = nsPerDay / u
            let tod = mapKeeping(v) { floorModulo($0, perDay) }
            return scale(tod, u, w)
        case (.clock(let u), .point(let w)):
            guard w < nsPerDay else { throw QError.type }
            return scale(v, u, w)
        case (.point(let u), .point(let w)), (.clock(let u), .clock(let w)):
            return scale(v, u, w)
        }
    }

    /// Applies `f` to values that are neither null nor infinite.
    @inline(__always)
    static func mapKeeping(_ v: [Int64], _ f: (Int64) -> Int64) -> [Int64] {
        [Int64](unsafeUninitializedCapacity: v.count) { buf, n in
            v.withUnsafeBufferPointer { p in
                for k in 0..<p.count {
                    let x = p[k]
                    buf[k] = x == Int64.min || x == Int64.max || x == -Int64.max ? x : f(x)
                }
            }
            n = v.count
        }
    }

    /// From `u` to `w` nanoseconds per unit: multiplies with saturation, or floors.
    static func scale(_ v: [Int64], _ u: Int64, _ w: Int64) -> [Int64] {
        if u == w { return v }
        if u > w {
            let f = u / w
            return mapKeeping(v) { x in
                let (r, o) = x.multipliedReportingOverflow(by: f)
                return o || r == Int64.min ? (x < 0 ? -Int64.max : Int64.max) : r
            }
        }
        let d = w / u
        return mapKeeping(v) { floorDivide($0, d) }
    }

    static func monthToDays(_ m: Int64) -> Int {
        let y = Int(floorDivide(m, 12)) + 2000
        let mo = Int(floorModulo(m, 12)) + 1
        return QCalendar.days(year: y, month: mo, day: 1)
    }

    static func daysToMonth(_ d: Int64) -> Int64 {
        // Dates far outside any calendar use saturate rather than overflow Int.
        guard abs(d) < 1 << 40 else { return d < 0 ? -Int64.max : Int64.max }
        let c = QCalendar.civil(days: Int(d))
        return Int64(c.year - 2000) * 12 + Int64(c.month - 1)
    }

    /// Integral temporal values as datetime days.
    static func temporalToDays(_ v: [Int64], _ unit: TemporalUnit) -> [Double] {
        v.map { x in
            if x == Int64.min { return .nan }
            if x == Int64.max { return .infinity }
            if x == -Int64.max { return -.infinity }
            switch unit {
            case .month: return Double(monthToDays(x))
            case .point(let u), .clock(let u):
                return u == nsPerDay ? Double(x) : Double(x) * Double(u) / Double(nsPerDay)
            }
        }
    }

    /// Datetime days as whole milliseconds (datetime's precision), rounding off float noise.
    static func datetimeToMillis(_ d: [Double]) -> [Int64] {
        d.map { x in
            if x.isNaN { return Int64.min }
            if x.isInfinite { return x > 0 ? Int64.max : -Int64.max }
            return roundToInt64(x * Double(msPerDay))
        }
    }

    // MARK: parts

    /// `` `year$ ``, `` `mm$ ``, `` `dd$ ``, `` `hh$ ``, `` `uu$ ``, `` `ss$ `` (ints) and
    /// `` `week$ `` (the Monday starting the week, a date) of an atom or vector.
    static func temporalPart(_ p: TemporalPart, _ y: QValue) throws -> QValue {
        guard let t = simpleType(y), t.isTemporal else { throw QError.type }
        let st: QStorage
        switch y {
        case .atom(_, let sc): st = single(sc)
        case .vector(let v): st = v.storage
        default: throw QError.type
        }
        let unit = temporalUnitOf(t)
        var raw: [Int64]
        var rawUnit = unit
        if t == .datetime {
            raw = datetimeToMillis(loadFloats(st))
            rawUnit = .point(1_000_000)
        } else {
            raw = loadInts(st, markInfinity: true)
        }
        // Treat infinities as null: a part of infinity means nothing.
        raw = raw.map { $0 == Int64.max || $0 == -Int64.max ? Int64.min : $0 }
        let out: [Int64]
        switch p {
        case .year, .mm, .dd, .week:
            if case .clock = rawUnit { throw QError.type }
            if case .month = rawUnit {
                guard p == .year || p == .mm else { throw QError.type }
                out = mapKeeping(raw) { m in p == .year ? floorDivide(m, 12) &+ 2000 : floorModulo(m, 12) &+ 1 }
                break
            }
            guard case .point(let u) = rawUnit else { throw QError.type }
            let days = scale(raw, u, nsPerDay)
            out = mapKeeping(days) { d in
                if p == .week { return d &- floorModulo(d &+ 5, 7) }
                guard abs(d) < 1 << 40 else { return Int64.min }
                let c = QCalendar.civil(days: Int(d))
                switch p {
                case .year: return Int64(c.year)
                case .mm: return Int64(c.month)
                default: return Int64(c.day)
                }
            }
        case .hh, .uu, .ss:
            let nsOfDay: [Int64]
            switch rawUnit {
            case .month: throw QError.type
            case .point(let u):
                guard u < nsPerDay else { throw QError.type }
                let perDay = nsPerDay / u
                nsOfDay = scale(mapKeeping(raw) { floorModulo($0, perDay) }, u, 1)
            case .clock(let u):
                nsOfDay = scale(raw, u, 1)
            }
            let (unitNs, modulus): (Int64, Int64) = p == .hh ? (3_600_000_000_000, 24) : p == .uu ? (60_000_000_000, 60) : (1_000_000_000, 60)
            out = mapKeeping(nsOfDay) { floorModulo(floorDivide($0, unitNs), modulus) }
        }
        let rt: QType = p == .week ? .date : .int
        let result = storeInts(out, rt)
        if case .atom = y { return .atom(rt, result[0]) }
        return .vector(QVector(rt, result))
    }
}
