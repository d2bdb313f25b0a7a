"""Random q expressions for crash-hunting: one conformance-format page of 400 steps
per seed (`python3 gen.py SEED`), built from literals of every type, primitives,
iterators and amends. Expected outputs are empty: only crashes matter (run.sh)."""
import json, random, sys
random.seed(int(sys.argv[1]))
lits = ['0','1','-1','0N','0W','-0W','0n','0w','2.5','1b','0b','0x00','0xff','"a"','"abc"','""','`a','`','`a`b`c','()','(::)','::',
        '1 2 3','0#0','0#`','0N 1 2','1.5 0n 2','101b','"hello"','`a`b!1 2','(1;`a;"x")','(1 2;3 4)','([]a:1 2;b:`x`y)','([k:1 2]v:`a`b)',
        '2024.01.01','12:00','0D01','2024.01.01D00:00:01','1000000','-5 5','(0#0;1)','enlist 1','enlist()','(),1','1 2!3 4',
        '{x+y}','{x}','+','(+/)','{[a;b;c]a}','"G"$"8c680a01-5a49-5aab-5a65-d4bfddb6a661"','3h','1e','0Ni','0Nd','0Nt','100000000000000000']
mon = ['til','count','first','last','sum','max','min','avg','reverse','distinct','group','where','flip','key','value','enlist','raze','string',
       'neg','abs','null','type','asc','desc','iasc','idesc','cols','not','floor','ceiling','signum','sqrt','exp','log','reciprocal','prd','sums',
       'prds','maxs','mins','deltas','ratios','differ','fills','til','til','upper','lower','trim','ltrim','rtrim','rank','inv','med','var','dev',
       'string','get','show','attr','parse','eval','x','-:','#:','|:','_:','&:','=:','@:','.:','$:','?:','!:','~:',',:',
       '`s#','`u#','`p#','`g#','next','prev','flip','keys','meta','ungroup','xrank 3','3 xprev','xbar[2]','ssr["a";"a"]','"i"$','"j"$','"f"$','"s"$','"c"$','"d"$','"p"$','`int$','`$',
       'sv["-"]','vs["-"]']
dy = ['+','-','*','%','&','|','^','=','<','>','<=','>=','<>','~','!','#','_','$','?','@','.',',','xexp','mod','div','and','or','in','within','like',
      'except','inter','union','cross','sv','vs','bin','binr','xcol','xcols','xasc','xdesc','xkey','lj','ij','uj','ej[`a]','aj[`a]','#','_','sublist','rotate','wavg','wsum','cor','cov','ss','insert','upsert','set']
adv = ['/','\\',"'","/:","\\:","':"]
def expr(d):
    r = random.random()
    if d <= 0 or r < 0.3: return random.choice(lits)
    if r < 0.55: return random.choice(mon) + ' ' + expr(d-1)
    if r < 0.8: return '(' + expr(d-1) + ')' + random.choice(dy) + expr(d-1)
    if r < 0.9:
        f = random.choice(dy + ['{x+y}','{x,y}'])
        return '(' + f + random.choice(adv) + ')[' + expr(d-1) + ';' + expr(d-1) + ']'
    if r < 0.95: return random.choice(mon[:40]) + random.choice(adv) + ' ' + expr(d-1)
    return '@[' + expr(d-1) + ';' + expr(d-1) + ';' + random.choice(['{x}','neg','::','{y}']) + ']'
steps = [{"input": expr(4), "output": []} for _ in range(400)]
print(json.dumps({"id": "fuzz#0", "source": "fuzz/" + sys.argv[1], "steps": steps}))
