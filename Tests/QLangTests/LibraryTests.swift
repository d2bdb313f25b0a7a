import XCTest
#if canImport(Glibc)
import Glibc
#endif
@testable import QCore
@testable import QLang

// The library family: `.Q`, `.h`, `.j` and file I/O. The file verbs are bound to the
// globals `f0`, `f1`, `f2` so that tests call them as `f0[x;y]` whatever the lexer does
// with `0:`; file tests work in a temporary directory removed afterwards.

final class LibraryTests: QTestCase {
    var dir = ""

    override func setUp() {
        super.setUp()
        for (g, p) in [("f0", "0:"), ("f1", "1:"), ("f2", "2:")] {
            q.setGlobal(g, Registry.shared[Registry.shared.id(p)!].value)
        }
        var template = Array("/tmp/qlibtestXXXXXX".utf8CString)
        dir = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
        q.setGlobal("D", .string(dir + "/"))
    }

    override func tearDown() {
        _ = system("rm -rf '" + dir + "'")
        super.tearDown()
    }

    /// A file symbol `` `:dir/name `` for a file in the test directory.
    func file(_ name: String) -> String { "(`$\":" + dir + "/" + name + "\")" }

    // MARK: .Q constants and display

    func testConstants() {
        assertQ(".Q.a", "\"abcdefghijklmnopqrstuvwxyz\"")
        assertQ(".Q.A", "\"ABCDEFGHIJKLMNOPQRSTUVWXYZ\"")
        assertQ(".Q.n", "\"0123456789\"")
        assertQ("count .Q.an", "63")
        assertQ(".Q.nA", "\"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ\"")
        assertQ("count .Q.b6", "64")
        assertQ(".Q.t", "\" bg xhijefcspmdznuvts\"")
        assertQ("3#.Q.res", "`abs`acos`asin")
        assertQ(".Q.k", "4f")
        assertQ(".Q.M", "0W")
    }

    func testShow() {
        assertQ(".Q.s ([h:1 2 3] m: 4 5 6)", "\"h| m\\n-| -\\n1| 4\\n2| 5\\n3| 6\\n\"")
        assertQ(".Q.s1 (1 2;`a)", "\"(1 2;`a)\"")
        assertQ(".Q.s 1 2", "\"1 2\\n\"")
    }

    // MARK: .Q formatting and names

    func testFixedFormat() {
        run("\\P 0")
        assertQ(".Q.f[2;9.996]", "\"10.00\"")
        assertQ(".Q.f[2;34.3445]", "\"34.34\"")
        assertQ(".Q.f[2;781704703567.90]", "\"781704703567.90\"")
        assertQ(".Q.f[2;-0.0001]", "\"-0.00\"")
        assertQ(".Q.f[2;.045]", "\"0.05\"")
        assertQ(".Q.f[3;7]", "\"7.000\"")
        assertQ(".Q.fmt[6;2;1]", "\"  1.00\"")
        assertQ(".Q.fmt[6;2;234]", "\"234.00\"")
        assertQ(".Q.fmt[3;2;234]", "\"***\"")
        assertQ(".Q.fmt[8;6;1%7]", "\"0.142857\"")
        assertError(".Q.f[`a;1.5]", "type")
    }

    func testSanitizeNames() {
        assertQ(".Q.id `ab", "`ab")
        assertQ(".Q.id `$\"a/b\"", "`ab")
        assertQ(".Q.id `$\"two words\"", "`twowords")
        assertQ(".Q.id `$\"2drifters\"", "`a2drifters")
        assertQ(".Q.id `$\"+\"", "`a")
        assertQ(".Q.id `$\"_\"", "`a_")
        assertQ("key .Q.id `abs`acos!1 2", "`abs1`acos1")
        assertQ("key flip .Q.id flip (`$(\"aa\";\"=\";\"+\"))!(1 2;3 4;5 6)", "`aa`a`a1")
        assertQ("key flip .Q.id flip (`$(\"count+\";\"count*\";\"count1\"))!(1 2;3 4;5 6)", "`count1`count11`count12")
    }

    func testTypesAndTables() {
        run("t:([]a:3 4 5;b:\"abc\";c:(3;\"xy\";`ab);d:(3 4;5 3;4 5);e:(\"abc\";\"de\";\"fg\"))")
        assertQ(".Q.ty each t`a`b`c`d`e", "\"jc JC\"")
        assertQ(".Q.qt t", "1b")
        assertQ(".Q.qt 1 2", "0b")
        assertQ(".Q.V ([]a:1 2;b:3 4)", "`a`b!(1 2;3 4)")
        run("v:42")
        assertQ(".Q.v `v", "42")
        assertQ(".Q.v 7", "7")
    }

    func testDatesAndSymbols() {
        assertQ(".Q.addmonths[2007.10.16;6 7]", "2008.04.16 2008.05.16")
        assertQ(".Q.addmonths[2006.10.29;4]", "2007.03.01")
        assertQ(".Q.addmonths[2000.01.31;-1]", "1999.12.31")
        assertQ(".Q.dd[`:dir]`file", "`:dir/file")
        assertQ(".Q.dd[`AAPL]\"O\"", "`AAPL.O")
    }

    func testEncodings() {
        assertQ(".Q.btoa\"Hello World!\"", "\"SGVsbG8gV29ybGQh\"")
        assertQ(".Q.btoa\"ab\"", "\"YWI=\"")
        assertQ("\"c\"$.Q.atob \"aGVsbG8=\"", "\"hello\"")
        assertQ("\"c\"$.Q.atob \"YWI=\"", "\"ab\"")
        assertError(".Q.atob \"aGVsbG8\"", "domain")
        assertQ(".Q.x10 12345", "\"AAAAAAADA5\"")
        assertQ(".Q.j10 .Q.x10 12345", "12345")
        assertQ(".Q.x12 12345", "\"0000000009IX\"")
        assertQ(".Q.j12 \"0000000009IX\"", "12345")
        assertQ(".Q.sha1\"Hello World!\"", "\"x\"$46 247 189 230 8 206 84 4 233 125 95 4 47 149 248 159 28 35 40 113")
        assertQ("count .Q.sha1\"\"", "20")
    }

    // MARK: .Q applying and environment

    func testApplyHelpers() {
        assertQ(".Q.fu[{x*2};1 2 1 2 3]", "2 4 2 4 6")
        assertQ(".Q.fu[{x*2};3]", "6")
        assertQ(".Q.fc[{x+1};1 2 3]", "2 3 4")
        run("s:([s:`a`b`c] v:1 2 3)")
        assertQ(".Q.ft[{x 1 2};s]", "([s:`b`c] v:2 3)")
        assertQ("key .Q.V .Q.ff[([]a:1 2);([]a:0#0;b:0#`)]", "`a`b")
        assertQ(".Q.ff[([]a:1 2);([]a:0#0;b:0#`)]`b", "`$(\"\";\"\")")
    }

    func testTrap() {
        assertQ(".Q.trp[{x+1};1;{x}]", "2")
        assertQ(".Q.trp[{`a+x};1;{[e;b]e}]", "\"type\"")
        assertQ(".Q.trpd[{x+y};(1;2);{x}]", "3")
        assertQ(".Q.trpd[{x+y};(1;`a);{(x;y)}]", "(\"type\";())")
        assertQ(".Q.sbt ()", "\"\"")
        assertQ("last .Q.ts[+;2 3]", "5")
    }

    func testOptions() {
        assertQ(".Q.opt (\"src\";\"-p1\";\"v1\";\"-p2\";\"aa\";\"bb\";\"-p3\")",
                "`p1`p2`p3!(enlist \"v1\";(\"aa\";\"bb\");())")
        assertQ(".Q.x", "enlist \"src\"")
        assertQ(".Q.def[`a`b`c!(1;2.;`x)] .Q.opt (\"-a\";\"12\";\"-c\";\"yy\")", "`a`b`c!(12;2.;`yy)")
        assertQ(".Q.def[`a`b!(1;2000.01.01)] .Q.opt (\"-a\";\"zz\";\"-b\";\"2001.02.03\")", "`a`b!(0N;2001.02.03)")
        assertQ(".Q.gc[]", "0")
        assertQ("key .Q.w[]", "`used`heap`peak`wmax`mmap`mphy`syms`symw")
        assertQ(".Q.addr `$\"127.0.0.1\"", "2130706433i")
        assertQ(".Q.addr `$\"10.0.0.1\"", "167772161i")
        assertError(".Q.chk[`:.]", "nyi")
    }

    func testScriptGroupsAndStreaming() {
        assertQ(".Q.ld (\"/ c\";\"f:{\";\"  x+y\";\" }\";\"\";\"g:{x*y}\")",
                "(1 2 6;(\"/ c\";\"f:{\\n  x+y\\n }\";\"g:{x*y}\"))")
        run("f0[" + file("s.txt") + ";(\"a,1\";\"b,2\";\"c,3\")]")
        run("n:0;r:()")
        assertQ(".Q.fsn[{n+:count x;r,:x};" + file("s.txt") + ";4]", "12")
        assertQ("n", "3")
        assertQ("r", "(\"a,1\";\"b,2\";\"c,3\")")
        assertQ(".Q.fs[{r::f0[(\"SJ\";\",\");x]};" + file("s.txt") + "]", "12")
        assertQ("r", "(`a`b`c;1 2 3)")
    }

    // MARK: .h

    func testMarkup() {
        assertQ(".h.htc[`tag;\"value\"]", "\"<tag>value</tag>\"")
        assertQ(".h.hta[`a;`href`target!(\"http://x.com\";\"_blank\")]", "\"<a href=\\\"http://x.com\\\" target=\\\"_blank\\\">\"")
        assertQ(".h.htac[`a;(enlist `href)!enlist \"u\";\"t\"]", "\"<a href=\\\"u\\\">t</a>\"")
        assertQ(".h.ha[`x;\"T\"]", "\"<a href=x>T</a>\"")
        assertQ(".h.ha[\"http://www.example.com\";\"T\"]", "\"<a href=\\\"http://www.example.com\\\">T</a>\"")
        assertQ(".h.hb[\"u\";\"T\"]", "\"<a target=v href=\\\"u\\\">T</a>\"")
        assertQ(".h.nbr \"foo bar\"", "\"<nobr>foo bar</nobr>\"")
        assertQ(".h.pre(\"foo\";\"bar\")", "\"<pre>foo\\nbar\\n</pre>\"")
        assertQ(".h.xmp(\"foo\";\"bar\")", "\"<xmp>foo\\nbar\\n</xmp>\"")
        assertQ(".h.text(\"foo\";\"bar\")", "\"<p>foo</p>\\n<p>bar</p>\\n\"")
        assertQ(".h.code \"foo\\tbar\\tabc\\tdef\"", "\"foo <code><nobr>bar</nobr></code> abc <code><nobr>def</nobr></code>\"")
        assertQ(".h.code \"foo\"", "\"foo\"")
        assertQ(".h.hc \"<foo>\"", "\"&lt;foo>\"")
        assertQ(".h.xs \"Arthur & Co. <x>\"", "\"Arthur &amp; Co. &lt;x&gt;\"")
        assertQ(".h.hr \"foo\"", "\"---\"")
        assertQ(".h.http \"see http://a.com now\"", "\"see <a href=\\\"http://a.com\\\">http://a.com</a> now\"")
        assertQ("19#.h.html \"<p>x</p>\"", "\"<html><head><style>\"")
        assertQ(".h.d", "\" \"")
        assertQ(".h.sb", "\"body{font:10pt verdana;text-align:justify}\"")
    }

    func testEscapingAndHTTP() {
        assertQ(".h.hu \"http://www.kx.com\"", "\"http%3a%2f%2fwww.kx.com\"")
        assertQ(".h.uh \"http%3a%2f%2fwww.kx.com\"", "\"http://www.kx.com\"")
        assertQ(".h.uh .h.hu \"a b&c\"", "\"a b&c\"")
        assertQ(".h.hn[\"404\";`txt;\"Not found\"]",
                "\"HTTP/1.1 404\\r\\nContent-Type: text/plain\\r\\nConnection: close\\r\\nContent-Length: 9\\r\\n\\r\\nNot found\"")
        assertQ(".h.hn[\"200\";`;\"ab\"]",
                "\"HTTP/1.1 200\\r\\nContent-Type: application/octet-stream\\r\\nConnection: close\\r\\nContent-Length: 2\\r\\n\\r\\nab\"")
        assertQ("-7#.h.he \"<x>\"", "\"'&lt;x>\"")
        assertQ("15#.h.hy[`json;\"[]\"]", "\"HTTP/1.1 200 OK\"")
        assertQ(".h.ka 0i", "\"close\"")
        assertQ(".h.ka 1000i", "\"keep-alive\"")
        assertQ(".h.iso8601 100", "\"2000-01-01T00:00:00.000000100\"")
        assertQ(".h.ty`json", "\"application/json\"")
    }

    func testDataExports() {
        run("t:([]a:1 2 3;b:`x`y`z)")
        assertQ(".h.cd t", "(\"a,b\";\"1,x\";\"2,y\";\"3,z\")")
        assertQ(".h.cd (`a`b`c;1 2 3;\"xyz\")", "(\"a,1,x\";\"b,2,y\";\"c,3,z\")")
        assertQ(".h.cd ([a:0 1]c:(1 2 3;4 5 6))", "(\"a,c\";\"0,1 2 3\";\"1,4 5 6\")")
        run(".h.d:\"*\"")
        assertQ(".h.cd ([a:0 1]c:(1 2 3;4 5 6))", "(\"a,c\";\"0,1*2*3\";\"1,4*5*6\")")
        assertQ(".h.td t", "(\"a\\tb\";\"1\\tx\";\"2\\ty\";\"3\\tz\")")
        assertQ(".h.xd t", "(\"<R>\";\"<r><a>1</a><b>x</b></r>\";\"<r><a>2</a><b>y</b></r>\";\"<r><a>3</a><b>z</b></r>\";\"</R>\")")
        assertQ("first .h.ed t", "\"<?xml version=\\\"1.0\\\"?><?mso-application progid=\\\"Excel.Sheet\\\"?>\"")
        assertQ("count .h.edsn `s1`s2!(t;t)", "15")
        assertQ(".h.tx[`json] ([] 0 1)", "(\"{\\\"x\\\":0}\";\"{\\\"x\\\":1}\")")
        assertQ(".h.tx[`json] enlist ([] 0 1)", "enlist \"[{\\\"x\\\":0},\\n {\\\"x\\\":1}]\"")
        assertQ(".h.tx[`csv] t", ".h.cd t")
        assertQ(".h.xt[`json;enlist \"{\\\"a\\\":\\\"b\\\"}\"]", "enlist (enlist `a)!enlist enlist \"b\"")
        run("a:([]a:til 40)")
        assertQ("first .h.jx[0;`a]",
                "\"<a href=\\\"?[0\\\">home</a> <a href=\\\"?[0\\\">up</a> <a href=\\\"?[32\\\">down</a> <a href=\\\"?[8\\\">end</a> 40[0]\"")
        assertQ("5#1_.h.jx[5;`a]", "(\"\";\"a \";\"--\";\"5 \";\"6 \")")
    }

    // MARK: .j

    func testJSON() {
        assertQ(".j.j -0w 0 1 2 3 0w", "\"[-inf,0,1,2,3,inf]\"")
        assertQ(".j.jd(-0w 0 1 2 3 0w;()!())", "\"[-inf,0,1,2,3,inf]\"")
        assertQ(".j.jd(-0w 0 1 2 3 0w;(enlist `null0w)!enlist 1b)", "\"[null,0,1,2,3,null]\"")
        assertQ(".j.j `a`b!(0 1;(\"hello\";\"world\"))", "\"{\\\"a\\\":[0,1],\\\"b\\\":[\\\"hello\\\",\\\"world\\\"]}\"")
        assertQ(".j.j (1b;`s;\"q\\\"\\n\";2000.01.02;0n)", "\"[true,\\\"s\\\",\\\"q\\\\\\\"\\\\n\\\",\\\"2000-01-02\\\",null]\"")
        assertQ(".j.k \"{\\\"a\\\":[0,1],\\\"b\\\":[\\\"hello\\\",\\\"world\\\"]}\"", "`a`b!(0 1f;(\"hello\";\"world\"))")
        assertQ(".j.k \"[{\\\"a\\\":1,\\\"b\\\":\\\"x\\\"},{\\\"a\\\":2,\\\"b\\\":\\\"y\\\"}]\"", "([]a:1 2f;b:(enlist \"x\";enlist \"y\"))")
        assertQ(".j.k \" {\\\"code\\\" : 3, \\\"ok\\\": true, \\\"n\\\": null}\"", "`code`ok`n!(3f;1b;0n)")
        assertQ(".j.k \"[1,2.5,-3e2]\"", "1 2.5 -300")
        assertQ(".j.j (0W;0N;1b)", "\"[9223372036854775807,null,true]\"")
        assertQ(".j.k \"\\\"a\\\\u0041\\\"\"", "\"aA\"")
        assertQ(".j.k .j.j ([]a:1 2;b:`G`E)", "([]a:1 2f;b:(enlist \"G\";enlist \"E\"))")
        assertError(".j.k \"[1,\"", "illegal")
    }

    // MARK: 0: File Text

    func testPrepareText() {
        assertQ("f0[\",\";([]a:1 2 3;b:`x`y`z)]", "(\"a,b\";\"1,x\";\"2,y\";\"3,z\")")
        assertQ("f0[\"|\";(`a`b`c;1 2 3;\"xyz\")]", "(\"a|1|x\";\"b|2|y\";\"c|3|z\")")
        assertQ("f0[\",\";([]x:(\"foo\";\"bar,baz\";\"qu\\\"ux\";\"fred\\\",barney\"))]",
                "(enlist \"x\";\"foo\";\"\\\"bar,baz\\\"\";\"qu\\\"ux\";\"\\\"fred\\\"\\\",barney\\\"\")")
        assertQ("f0[\",\";([]d:2022.03.14 2022.03.15;t:16:12:57.427 01:02:03.000)]",
                "(\"d,t\";\"2022-03-14,16:12:57.427\";\"2022-03-15,01:02:03.000\")")
        assertQ("f0[\",\";([]x:(\"foo\\nbar\";\"baz\"))]", "(enlist \"x\";\"\\\"foo\\nbar\\\"\";\"baz\")")
        assertError("f0[\",\";([]a:1.47 0.03;b:(\"FY\";enlist \"FY\"))]", "type")
        assertQ("csv", "\",\"")
    }

    func testSaveAndReadText() {
        let f = file("t.txt")
        assertQ("f0[" + f + ";(\"hello\";\"goodbye\")]", f)
        assertQ("read0 " + f, "(\"hello\";\"goodbye\")")
        assertQ("read1 " + f, "\"x\"$\"hello\\ngoodbye\\n\"")
        assertQ("hcount " + f, "14")
        assertQ("read0 (" + f + ";6)", "enlist \"goodbye\"")
        assertQ("read0 (" + f + ";6;2)", "enlist \"go\"")
        assertQ("read0 (" + f + ";0;9)", "(\"hello\";\"goo\")")
        assertQ("read1 (" + f + ";1;3)", "\"x\"$\"ell\"")
        // Missing directories are created.
        assertQ("f0[" + file("a/b/c.txt") + ";enlist \"xy\"]", file("a/b/c.txt"))
        assertQ("read0 " + file("a/b/c.txt"), "enlist \"xy\"")
        assertError("read0 " + file("none"), dir + "/none. OS reports: No such file or directory")
        assertError("read0 `notafile", "type")
    }

    func testLoadDelimited() {
        assertQ("f0[(\"DT\";\",\");\"20130315,185540686\"]", "(2013.03.15;18:55:40.686)")
        assertQ("f0[(\"I*\";\",\";1);(\"0,\\\"ab\\nc\\\"\";\"1,\\\"def\\\"\")]", "(0 1i;(\"ab\\nc\";\"def\"))")
        run("f0[" + file("d.csv") + ";(\"0,hea,481\";\"10,dfi,579\";\"20,oil,77\")]")
        assertQ("f0[(\"ISI\";\",\");" + file("d.csv") + "]", "(0 10 20i;`hea`dfi`oil;481 579 77i)")
        assertQ("f0[(\"J J\";\",\");" + file("d.csv") + "]", "(0 10 20;481 579 77)")
        run("f0[" + file("h.csv") + ";(\"a,b,c\";\"1,x,2.5\";\"2,\\\"y,z\\\",\")]")
        assertQ("f0[(\"JSF\";enlist \",\");" + file("h.csv") + "]", "([]a:1 2;b:(`x;`$\"y,z\");c:2.5 0n)")
        assertQ("f0[(\"JJ\";\",\");(\"1,2\";\"3\")]", "(1 3;2 0N)")
        assertError("f0[(\"QJ\";\",\");enlist \"1\"]", "type")
    }

    func testLoadFixed() {
        assertQ("f0[(\"DT\";8 9);(\"20130315185540686\";\"20130316010203000\")]", "(2013.03.15 2013.03.16;18:55:40.686 01:02:03.000)")
        assertQ("f0[(\"J I\";2 1 3);(\"12 345\";\"-1 7  \")]", "(12 -1;345 7i)")
        run("f1[" + file("fx") + ";\"x\"$\"0102abc0304def\"]")
        assertQ("f0[(\"JS\";2 5);" + file("fx") + "]", "(1 3;`02abc`04def)")
    }

    func testKeyValues() {
        assertQ("f0[\"S=;\";\"one=1;two=2;three=3\"]", "(`one`two`three;(enlist \"1\";enlist \"2\";enlist \"3\"))")
        assertQ("f0[\"I=;\";\"1=first;2=second\"]", "(1 2i;(\"first\";\"second\"))")
        assertQ("f0[\"I=*,\";\"5=\\\"hello,world\\\",6=1\"]", "(5 6i;(\"hello,world\";enlist \"1\"))")
        assertQ("f0[\"J=*,\";\"5=\\\"hello,world\\\",6=1\"]", "(5 6;(\"hello,world\";enlist \"1\"))")
        assertQ("f0[\"S:/\";\"a:1/b:2/\"]", "(`a`b;(enlist \"1\";enlist \"2\"))")
        assertError("f0[\"X=;\";\"a=1\"]", "type")
    }

    // MARK: 1: File Binary

    func testReadBinary() {
        assertQ("f1[(enlist 4;enlist\"i\");0x01000000]", "enlist enlist 16777216i")
        assertQ("f1[(enlist\"i\";enlist 4);0x01000000]", "enlist enlist 1i")
        assertQ(".Q.f[6;first first f1[(enlist\"f\";enlist 8);0x7fbdc282fb210940]]", "\"3.141593\"")
        assertQ("f1[(\"ich\";4 1 2);0x00000000410000FF00000042FFFF]", "(0 255i;\"AB\";0 -1h)")
        assertQ("f1[(\"ich\";4 1 2);\"arthur!\"]", "(enlist 1752461921i;enlist \"u\";enlist 8562h)")
        assertQ("f1[(\"**\";4 4);\"abcd\\\"ef\\\"\"]", "(enlist \"abcd\";enlist \"\\\"ef\\\"\")")
        assertQ("f1[(\"s\";enlist 3);\"ab\\000cde\"]", "enlist `ab`cde")
        assertError("f1[(\"ii\";enlist 4);0x00]", "length")
    }

    func testWriteBinary() {
        let f = file("hello")
        assertQ("f1[" + f + ";0x68656c6c6f]", f)
        assertQ("read1 " + f, "0x68656c6c6f")
        run("f1[" + f + ";1]")
        assertQ("read1 " + f, "0x0100000000000000")
        run("f1[" + f + ";1 2h]")
        assertQ("read1 " + f, "0x01000200")
        assertQ("f1[(" + f + ";17;2;9);\"x\"$0 0 0]", f)
        assertQ("read1 " + f, "0x000000")
        assertError("f1[" + f + ";(1;`a)]", "nyi")
        assertError("f2[`a;`b]", "nyi")
    }

    // MARK: files

    func testFileKeywords() {
        let f = file("del.txt")
        run("f0[" + f + ";enlist \"xy\"]")
        assertQ("hdel " + f, f)
        assertError("hdel " + f, dir + "/del.txt: No such file or directory")
        assertError("hcount " + f, dir + "/del.txt. OS reports: No such file or directory")
        assertQ("hsym `abc", "`:abc")
        assertQ("hsym `abc`:def`::ghi", "`:abc`:def`::ghi")
        assertError("hsym 1", "type")
    }

    func testSaveFormats() {
        run("t:([]x:2 3 5;y:`ibm`amd`intel;z:\"npn\")")
        let path = dir + "/t.csv"
        assertQ("save `$\"" + path + "\"", "`$\":" + path + "\"")
        assertQ("read0 `$\":" + path + "\"", "(\"x,y,z\";\"2,ibm,n\";\"3,amd,p\";\"5,intel,n\")")
        run("save `$\"" + dir + "/t.txt\"")
        assertQ("read0 " + file("t.txt"), "(\"x\\ty\\tz\";\"2\\tibm\\tn\";\"3\\tamd\\tp\";\"5\\tintel\\tn\")")
        run("save `$\"" + dir + "/t.xml\"")
        assertQ("read0 " + file("t.xml"), "(\"<R>\";\"<r><x>2</x><y>ibm</y><z>n</z></r>\";\"<r><x>3</x><y>amd</y><z>p</z></r>\";\"<r><x>5</x><y>intel</y><z>n</z></r>\";\"</R>\")")
        run("save `$\"" + dir + "/t.json\"")
        assertQ("first read0 " + file("t.json"), "\"{\\\"x\\\":2,\\\"y\\\":\\\"ibm\\\",\\\"z\\\":\\\"n\\\"}\"")
        assertError("save `nosuchglobal.csv", "nosuchglobal")
    }

    func testDataFiles() {
        let f = file("d")
        run("t:([]x:2 3 5;y:`ibm`amd`intel;z:\"npn\")")
        assertQ(f + " set t", f)
        assertQ("get " + f, "t")
        assertQ("value " + f, "t")
        assertQ("2#read1 " + f, "0xff01")
        run(f + " set {x+y}")
        assertQ("(get " + f + ")[2;3]", "5")
        run(f1Path() + " set (1 2;`a)")
        assertQ("get " + f1Path(), "(1 2;`a)")
        assertError("get " + file("none"), dir + "/none. OS reports: No such file or directory")
        run("f0[" + file("txt") + ";enlist \"ab\"]")
        assertError("get " + file("txt"), "type")
        // save and load by name, in the test directory
        run("v:1 2 3")
        assertQ("save `$\"" + dir + "/v\"", "`$\":" + dir + "/v\"")
        run("v:0")
        assertQ("load `$\"" + dir + "/v\"", "`v")
        assertQ("v", "1 2 3")
        run(file("db/p") + " set 1 2;" + file("db/s") + " set `a")
        assertQ("load `$\"" + dir + "/db\"", "`db")
        assertQ("db", "`p`s!(1 2;`a)")
    }

    private func f1Path() -> String { file("sub/list") }

    func testSplayed() {
        run("t:([]a:1 2 3;b:`x`y`z;c:(\"ab\";enlist \"c\";\"\"))")
        assertQ(file("sp/") + " set t", file("sp/"))
        assertQ("get " + file("sp/"), "t")
        assertQ("get " + file("sp"), "t")
        assertQ("get " + file("sp/.d"), "`a`b`c")
        assertError(file("bad/") + " set ([]a:(1;`b))", "type")
        assertError(file("bad/") + " set 1 2", "type")
        // rsave and rload work in the current directory.
        var cwd = [CChar](repeating: 0, count: 4096)
        _ = getcwd(&cwd, cwd.count)
        defer { _ = chdir(&cwd) }
        _ = chdir(dir)
        assertQ("rsave `t", "`:t/")
        run("t:0")
        assertQ("rload `t", "`t")
        assertQ("t`b", "`x`y`z")
        run("t:0")
        assertQ("load `t", "`t")
        assertQ("t`a", "1 2 3")
    }

    func testPartitions() {
        run("t:([]a:`c`a`b`a;b:til 4)")
        let db = "(`$\":" + dir + "/db\")"
        assertQ(".Q.dpfts[" + db + ";2007.07.24;`a;`t;`mysym]", "`t")
        assertQ("mysym", "`c`a`b")
        assertQ("get " + file("db/2007.07.24/t/"), "([]a:`p#`a`a`b`c;b:1 3 2 0)")
        run("u:([]x:1 2;y:`q`r)")
        assertQ(".Q.dpt[" + db + ";3;`u]", "`u")
        assertQ("get " + file("db/3/u"), "u")
        assertQ("get " + file("db/sym"), "`q`r")
        run("k:([]a:1 2;b:(1;`x))")
        assertError(".Q.dpt[" + db + ";3;`k]", "unmappable")
    }

    func testEnumerate() {
        run(".Q.en[::;([]a:`a`b`c;b:1 2 3)]")
        assertQ("sym", "`a`b`c")
        assertQ(".Q.en[::;([]a:`a`d`e;b:(`x`y;0#`;enlist `z))]", "([]a:`a`d`e;b:(`x`y;0#`;enlist `z))")
        assertQ("sym", "`a`b`c`d`e`x`y`z")
        run(".Q.ens[" + file("db") + ";([]s:`p`q`p);`mysym]")
        assertQ("mysym", "`p`q")
        assertQ("get " + file("db/mysym"), "`p`q")
        assertError(".Q.en[::;1 2]", "type")
    }
}
