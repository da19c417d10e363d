#!/usr/bin/env python3
"""Attributes a wasm's code bytes to crates, by function name.

    scripts/wasm-sizes.py dist/pkg/lockstep_bg.wasm [--top N]

Needs the wasm's name section: `scripts/build.sh --names` keeps it (the
shipped build strips it). Each function body's size goes to the first crate its
(v0-mangled) name names, other than core, alloc and std: a `Vec<T>` method
or an iterator adapter instantiated for one of our types counts for the
crate whose type it is, since that crate is why it exists. Sizes are raw
bytes of code; gzip shrinks them about 2.5 times, unevenly.
"""
import re
import sys
from collections import Counter


def leb(b, i):
    r = s = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7F) << s
        s += 7
        if x < 0x80:
            return r, i


def sections(b):
    i = 8
    while i < len(b):
        sid = b[i]
        size, j = leb(b, i + 1)
        yield sid, b[j:j + size]
        i = j + size


def crate_of(name):
    """The first crate a symbol names: v0 mangling's crate root
    (`C`, an optional `s<hash>_` disambiguator, then `<len><ident>`), else
    a legacy or plain name's first path segment."""
    if name.startswith('_R'):
        # A generic of the standard library instantiated for a crate's type
        # counts for that crate: the first crate named that is not std's.
        found = [name[m.end():m.end() + int(m.group(1))] for m in
                 re.finditer(r'C(?:s[0-9a-zA-Z]*_)?(\d+)(?=[a-zA-Z_])', name)]
        ours = [c for c in found if c not in ('core', 'alloc', 'std')]
        if ours or found:
            return (ours or found)[0]
    m = re.match(r'(?:_ZN\d+)?<?&?(?:mut )?\[?([a-zA-Z_][a-zA-Z0-9_]*)', name)
    return m.group(1) if m else '?'


def main():
    path = sys.argv[1]
    top = int(sys.argv[sys.argv.index('--top') + 1]) if '--top' in sys.argv else 40
    b = open(path, 'rb').read()
    imported = 0
    bodies = []
    names = {}
    data = 0
    for sid, s in sections(b):
        if sid == 2:  # imports: functions among them shift the index space
            n, i = leb(s, 0)
            for _ in range(n):
                for _ in range(2):
                    ln, i = leb(s, i)
                    i += ln
                kind = s[i]
                i += 1
                if kind == 0:
                    _, i = leb(s, i)
                    imported += 1
                elif kind == 1:
                    i += 1
                    flags, i = leb(s, i)
                    _, i = leb(s, i)
                    if flags & 1:
                        _, i = leb(s, i)
                elif kind == 2:
                    flags = s[i]
                    i += 1
                    _, i = leb(s, i)
                    if flags & 1:
                        _, i = leb(s, i)
                elif kind == 3:
                    i += 2
        elif sid == 10:
            n, i = leb(s, 0)
            for _ in range(n):
                size, i = leb(s, i)
                bodies.append(size)
                i += size
        elif sid == 11:
            data = len(s)
        elif sid == 0:
            ln, i = leb(s, 0)
            if s[i:i + ln] != b'name':
                continue
            i += ln
            while i < len(s):
                sub = s[i]
                size, i = leb(s, i + 1)
                end = i + size
                if sub == 1:
                    n, i = leb(s, i)
                    for _ in range(n):
                        idx, i = leb(s, i)
                        ln, i = leb(s, i)
                        names[idx] = s[i:i + ln].decode('utf8', 'replace')
                        i += ln
                i = end
    if not names:
        sys.exit(f'{path} has no name section: build it with scripts/build.sh --names')
    crates = Counter()
    funcs = Counter()
    for k, size in enumerate(bodies):
        name = names.get(imported + k, '?')
        crate = crate_of(name)
        crates[crate] += size
        funcs[name] += size
    total = sum(bodies)
    print(f'code {total:,} bytes in {len(bodies):,} functions; data {data:,} bytes')
    print('\nby crate:')
    for c, n in crates.most_common(top):
        print(f'  {n:>9,}  {100 * n / total:5.1f}%  {c}')
    print('\nlargest functions:')
    for f, n in funcs.most_common(top):
        print(f'  {n:>9,}  {f[:140]}')


main()
