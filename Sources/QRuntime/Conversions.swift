import Foundation
import QCore

/// A Swift value that converts to and from a q value.
public protocol QValueConvertible: Sendable {
    /// The value as q sees it.
    var qValue: QValue { get }
    /// The Swift value for a q value.
    ///
    /// - Throws: `QRuntimeError.conversion` when the q value has another type or shape.
    init(qValue: QValue) throws
}

extension QValue: QValueConvertible {
    public var qValue: QValue { self }
    public init(qValue: QValue) throws { self = qValue }
}

func conversionError(_ v: QValue, _ to: String) -> QRuntimeError {
    .conversion("cannot convert a q value of type \(v.typeNumber)h to \(to)")
}

extension Int: QValueConvertible {
    public var qValue: QValue { .long(Int64(self)) }
    public init(qValue v: QValue) throws {
        guard case .atom(let t, let s) = v, t.isNumeric, !t.isFloating else { throw conversionError(v, "Int") }
        switch s {
        case .j(let x): self = Int(x)
        case .i(let x): self = Int(x)
        case .h(let x): self = Int(x)
        case .x(let x): self = Int(x)
        case .b(let x): self = x ? 1 : 0
        default: throw conversionError(v, "Int")
        }
    }
}

extension Int64: QValueConvertible {
    public var qValue: QValue { .long(self) }
    public init(qValue v: QValue) throws { self = Int64(try Int(qValue: v)) }
}

extension Double: QValueConvertible {
    public var qValue: QValue { .float(self) }
    public init(qValue v: QValue) throws {
        guard case .atom(let t, let s) = v, t.isNumeric else { throw conversionError(v, "Double") }
        switch s {
        case .f(let x): self = x
        case .e(let x): self = Double(x)
        case .j(let x): self = x == Int64.min ? .nan : Double(x)
        case .i(let x): self = x == Int32.min ? .nan : Double(x)
        case .h(let x): self = x == Int16.min ? .nan : Double(x)
        case .x(let x): self = Double(x)
        case .b(let x): self = x ? 1 : 0
        default: throw conversionError(v, "Double")
        }
    }
}

extension Bool: QValueConvertible {
    public var qValue: QValue { .bool(self) }
    public init(qValue v: QValue) throws {
        guard case .atom(.boolean, .b(let b)) = v else { throw conversionError(v, "Bool") }
        self = b
    }
}

extension String: QValueConvertible {
    /// Strings become q strings (char vectors); use `QSymbol` for a symbol.
    public var qValue: QValue { .string(self) }
    public init(qValue v: QValue) throws {
        switch v {
        case .vector(let vec) where vec.type == .char:
            guard case .x(let b) = vec.storage else { throw conversionError(v, "String") }
            self = String(decoding: b, as: UTF8.self)
        case .atom(.char, .x(let c)): self = String(decoding: [c], as: UTF8.self)
        case .atom(.symbol, .s(let s)): self = s
        default: throw conversionError(v, "String")
        }
    }
}

/// A q symbol, where a Swift `String` would convert to a q string.
public struct QSymbol: QValueConvertible, Hashable {
    /// The symbol's text.
    public var name: String
    /// A symbol with the given text.
    public init(_ name: String) { self.name = name }
    public var qValue: QValue { .symbol(name) }
    public init(qValue v: QValue) throws {
        guard case .atom(.symbol, .s(let s)) = v else { throw conversionError(v, "QSymbol") }
        name = s
    }
}

extension Array: QValueConvertible where Element: QValueConvertible {
    /// `[Int64]`, `[Double]`, `[Bool]` become typed vectors; `[String]` a list of strings.
    public var qValue: QValue {
        if let a = self as? [Int64] { return .longs(a) }
        if let a = self as? [Int] { return .longs(a.map { Int64($0) }) }
        if let a = self as? [Double] { return .floats(a) }
        if let a = self as? [Bool] { return .bools(a) }
        if let a = self as? [QSymbol] { return .symbols(a.map(\.name)) }
        return .list(map(\.qValue))
    }

    public init(qValue v: QValue) throws {
        if Element.self == Int64.self, case .vector(let vec) = v, case .j(let a) = vec.storage {
            self = a as! [Element]
            return
        }
        if Element.self == Double.self, case .vector(let vec) = v, case .f(let a) = vec.storage {
            self = a as! [Element]
            return
        }
        if Element.self == String.self, case .vector(let vec) = v, case .s(let a) = vec.storage {
            self = a as! [Element]
            return
        }
        switch v {
        case .vector, .list: self = try v.elements.map { try Element(qValue: $0) }
        default: throw conversionError(v, "Array")
        }
    }
}

extension Dictionary: QValueConvertible where Key == String, Value: QValueConvertible {
    /// A dictionary from symbols to values.
    public var qValue: QValue {
        let keys = self.keys.sorted()
        return .dict(QDict(keys: .symbols(keys), values: QValue.collapse(keys.map { self[$0]!.qValue })))
    }

    public init(qValue v: QValue) throws {
        guard case .dict(let d) = v else { throw conversionError(v, "Dictionary") }
        var out: [String: Value] = [:]
        for (k, item) in zip(d.keys.elements, d.values.elements) {
            out[try String(qValue: k)] = try Value(qValue: item)
        }
        self = out
    }
}

extension Date: QValueConvertible {
    /// Dates become q timestamps (nanoseconds since 2000.01.01).
    public var qValue: QValue {
        let ns = (timeIntervalSince1970 - 946_684_800) * 1e9
        return .atom(.timestamp, .j(Int64(ns.rounded())))
    }

    public init(qValue v: QValue) throws {
        guard case .atom(let t, let s) = v else { throw conversionError(v, "Date") }
        let seconds: Double
        switch (t, s) {
        case (.timestamp, .j(let ns)): seconds = Double(ns) / 1e9
        case (.date, .i(let d)): seconds = Double(d) * 86_400
        case (.datetime, .f(let d)): seconds = d * 86_400
        default: throw conversionError(v, "Date")
        }
        self = Date(timeIntervalSince1970: seconds + 946_684_800)
    }
}
