// The interpreter: lexer, parser, evaluator and primitives.
