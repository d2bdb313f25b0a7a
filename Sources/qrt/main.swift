import QCore
import QLang

let interp = Interpreter()
while let line = readLine(strippingNewline: true) {
    if line == "\\\\" { break }
    do {
        let v = try interp.evaluate(line)
        for l in QFormat.console(v, interp.display) { print(l) }
    } catch let e as QError {
        print(e.description)
    } catch {
        print("'\(error)")
    }
}
