import QCore

enum Math {
    static func register(_ r: inout Registry) {}
}
