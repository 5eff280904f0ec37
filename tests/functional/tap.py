"""A very small TAP producer for the Python functional tests.

    t = Tap()
    t.check(cond, "what was checked", detail="shown on failure")
    t.skip("what", "why")
    sys.exit(t.done())
"""
import sys
import traceback


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0
        print('TAP version 13', flush=True)

    def check(self, cond, name, detail=None):
        self.n += 1
        if cond:
            print(f'ok {self.n} - {name}', flush=True)
        else:
            self.failed += 1
            print(f'not ok {self.n} - {name}', flush=True)
            if detail is not None:
                for line in str(detail).splitlines():
                    print(f'# {line}', flush=True)
        return cond

    def equal(self, got, want, name):
        return self.check(got == want, name,
                          detail=f'got:  {got!r}\nwant: {want!r}')

    def skip(self, name, why):
        self.n += 1
        print(f'ok {self.n} - {name} # SKIP {why}', flush=True)

    def run(self, fn, *args):
        """Run one test function; an exception is a failure, not a crash."""
        try:
            fn(self, *args)
        except Exception:
            self.check(False, f'{fn.__name__} raised',
                       detail=traceback.format_exc())

    def done(self):
        print(f'1..{self.n}', flush=True)
        return 1 if self.failed else 0
