import QCore

enum System {
    static func register(_ r: inout Registry) {}
}
