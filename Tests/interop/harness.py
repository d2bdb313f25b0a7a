"""Tiny test harness shared by the interop scripts: named checks, a summary line."""
import sys
import traceback


class Checks:
    def __init__(self, name):
        self.name = name
        self.passed = 0
        self.failed = 0

    def check(self, label, condition, detail=''):
        if condition:
            self.passed += 1
        else:
            self.failed += 1
            print(f'FAIL [{self.name}] {label} {detail}')

    def equal(self, label, got, want):
        self.check(label, got == want, f'got {got!r}, want {want!r}')

    def run(self, label, fn):
        """Runs fn(); an exception is one failed check."""
        try:
            fn()
        except Exception:
            self.failed += 1
            print(f'FAIL [{self.name}] {label} raised:')
            traceback.print_exc(file=sys.stdout)

    def summary(self):
        print(f'{self.name}: {self.passed} passed, {self.failed} failed')
        return 0 if self.failed == 0 else 1
