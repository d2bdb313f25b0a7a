import XCTest
@testable import QCore
@testable import QLang

final class EvaluatorTests: QTestCase {
    func testRightToLeft() {
        assertQ("2*3+4", "14")
        assertQ("1 2 3+10", "11 12 13")
        assertQ("-1 2", "-1 2")
    }

    func testAssignmentAndIndexing() {
        run("x:til 5")
        run("x[2]:100")
        assertQ("x", "0 1 100 3 4")
        run("x[1 2]+:1")
        assertQ("x", "0 2 101 3 4")
        assertQ("x 1 3", "2 3")
        assertQ("x[5]", "0N")
    }

    func testDoubleColonAssignsALocalWhenTheNameIsOne() {
        run("a:b:0")
        run("f:{a:10+3*x;b::100+a;}")
        run("f 1 2 3")
        assertQ("a", "0")
        assertQ("b", "113 116 119")
        run("b:42")
        assertQ("{[a;b]b::99;a+b}[10;20]", "109")
        assertQ("b", "42")
        assertQ("{b:x=y;b::99;x+b}[10;20]", "109")
        assertQ("b", "42")
        // A name assigned globally and then locally is kdb+'s "global used as local".
        assertError("{a::1;a:1}", "a")
        assertError("{b::7;b:b+1;b}", "b")
        assertQ("{b:1;b::7;b}[]", "7")
        assertQ("b", "42")
    }

    func testNullHandlesAreErrorsNotCrashes() {
        // Found by fuzzing: the magnitude of a null int overflowed while looking up handles.
        assertError("@[last/ 0Ni;3h;::]", "index")
        assertError("0Ni \"x\"", ": Bad file descriptor")
        assertError("0N \"x\"", ": Bad file descriptor")
        assertError("hclose 0N", ": Bad file descriptor")
    }

    func testSignalTakesOnlySymbolsAndStrings() {
        run("f:{@[{'x};x;{\"trap:\",x}]}")
        assertQ("f`err", "\"trap:err\"")
        assertQ("f\"oops\"", "\"trap:oops\"")
        assertQ("f 1", "\"trap:stype\"")
        assertQ("f\"a\"", "\"trap:stype\"")
        assertError("'42", "stype")
    }

    func testOperatorAssignmentValueIsTheNewValue() {
        run("a:til 5")
        assertQ("1+a[2]+:5", "8")
        assertQ("a", "0 1 7 3 4")
        assertQ("a[0 1]-:1", "-1 0")
        run("b:1")
        assertQ("10*b+:2", "30")
        assertQ("a[3]:9", "9")
        run("d:`x`y!1 2")
        assertQ("d[`y]*:10", "20")
    }

    func testSymbolsNameTheirGlobalsWhenApplied() {
        run("f:{x+y*3}")
        assertQ("`f . 5 3", "14")
        run("g:`f[5;]")
        assertQ("`g 3", "14")
        run("v:5; .ns.v:6")
        assertQ("`.[`v]", "5")
        assertQ("`.ns `v`v", "6 6")
        assertQ("`.`.ns@\\:`v", "5 6")
        assertQ("value (\"+\";2;2)", "4")
    }

    /// A fused `x*y+z` node switches between its atom and vector paths call by call.
    func testFusedArithmeticAtomsThenVectors() {
        run("f:{x*y+z}")
        assertQ("f[2;3;4]", "14")
        assertQ("f[2;3;4]", "14")
        assertQ("f[1 2;3;4 5]", "7 16")
        assertQ("f[2.5;1;0.5]", "3.75")
        assertQ("f[0N;1;2]", "0N")
        assertQ("f[1 2;3;4 5]", "7 16")
        assertQ("f[2;3;4]", "14")
        assertError("f[`a;1;2]", "type")
    }

    /// `g[x;y]` on a global: binary lambdas, data, projections and missing names.
    func testBinaryCallsOfGlobals() {
        run("g:{x-y}; m:(1 2;3 4); h:{x+y+z}[1]; k:{[a;b] a,b}")
        assertQ("g[10;3]", "7")
        assertQ("m[1;0]", "3")
        assertQ("h[2;3]", "6")
        assertQ("k[1;2 3]", "1 2 3")
        assertQ("g[1 2;1]", "0 1")
        assertError("nosuch[1;2]", "nosuch")
        assertError("g[`a;1]", "type")
    }

    func testLambdas() {
        run("f:{x+y}")
        assertQ("f[1;2]", "3")
        assertQ("f[1] 10", "11")
        assertQ("{[a;b] c:a+b; :c*2; 0}[1;2]", "6")
        assertQ("{x}[]", "::")
    }

    func testIterators() {
        assertQ("{x+1}/[10;0]", "10")
        assertQ("(+/)1 2 3", "6")
        assertQ("1 2 3+/:10 20", "(11 12 13;21 22 23)")
        assertQ("1 2+\\:10 20", "(11 21;12 22)")
        assertQ("{x,y}/[();1 2 3]", "1 2 3")
    }

    func testEachRightAndLeftOfDataAreSvAndVs() {
        assertQ("(\", \"/:)(\"quick\";\"brown\";\"foxes\")", "\"quick, brown, foxes\"")
        assertQ("(0x0\\:)3.14156", "0x400921ea35935fc4")
        assertQ("(0x40\\:)2", "0x00000000000000000002")
    }

    func testCase() {
        assertQ("0 1 0'[\"abc\";\"xyz\"]", "\"ayc\"")
        assertQ("0 2 0'[\"abc\";\"xyz\";\"123\";\"789\"]", "\"a2c\"")
        assertQ("0 1 0'[\"a\";\"xyz\"]", "\"aya\"")
        assertQ("2 0 1'[`a`b`c;`d`e`f;`g`h`i]", "`g`b`f")
        assertQ("0 2 0'[`a`b`c!\"abc\";\"xyz\";\"123\";`a`b`c!\"789\"]", "\"a2c\"")
        assertError("0 2 0'[`a`b`c!\"abc\";\"xyz\";\"123\";`a`b!\"78\"]", "length")
        assertError("0 2 0'[`a`b`c!\"abc\";\"xyz\";\"123\";`b`a`c!\"789\"]", "domain")
        assertError("0 1 0'[\"ab\";\"xyz\"]", "length")
    }

    func testMatrixIteratesAsABinaryMap() {
        run("m:(0 1 2;2 0 1;1 2 0)")
        assertQ("0 m\\1 2 0", "1 1 2")
        assertQ("(m\\)2 1 0", "2 2 1")
        assertQ("(m/)2 1 0", "1")
        assertQ("(3 4#til 12)/[42;0#0]", "42")
        run("r:`a`b`c!`b`c`a")
        assertQ("(r\\)`a", "`a`b`c")
        assertQ("2 r\\`a", "`a`b`c")
    }

    func testFloatVectorScanIsALinearRecurrence() {
        run("a:1000f;b:1 2 3 4f;c:5 6 7 8f")
        assertQ("a b\\c", "1005 2016 6055 24228f")
        assertQ("(a b\\c)~{z+x*y}\\[a;b;c]", "1b")
    }

    func testReduceAndScanOfEmptyWithALambdaGiveEmptyList() {
        run("mt:0#0")
        assertQ("{x*y}/[mt]", "()")
        assertQ("{x*y}\\[mt]", "()")
        assertQ("*/[mt]", "1")
        assertQ("+/[mt]", "0")
    }

    func testErrors() {
        assertError("'foo", "foo")
        assertError("1 2+1 2 3", "length")
        assertError("undefinedname", "undefinedname")
        assertError("{x+y}[1;2;3]", "rank")
    }

    func testTrap() {
        assertQ("@[{x+1};`a;{x}]", "\"type\"")
        assertQ(".[+;1 2]", "3")
    }

    func testDeepRecursionIsStackError() {
        run("g:{g x+1}")
        assertError("g 0", "stack")
    }

    func testConsoleSuppression() throws {
        XCTAssertNil(try q.evaluateLine("a:5"))
        XCTAssertNotNil(try q.evaluateLine("(a:5)"))
        XCTAssertNil(try q.evaluateLine("a;"))
    }
}
