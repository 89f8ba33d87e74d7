#!/usr/bin/env python3
"""An imzML reader for the tests, written apart from the Java code: xml.etree, struct, hashlib, tarfile only.

  imzml_check.py [--values] ITEM...   one JSON line per item, in order
    ITEM is X.imzML=X.ibd (a pair of files) or a file holding a tar stream of one pair (NAME.ibd, NAME.imzML);
    --values prints the values of the arrays of pairs of files

It checks what makes a pair valid (the .ibd's UUID is the one the .imzML states, the stated SHA-1 or MD5 is the
.ibd's, spectrum indexes run 0.., the spectrum count is right, every array lies inside the .ibd and has the
length its data type gives, continuous files share one m/z array) and prints each spectrum's pixel and its
arrays (a SHA-256 of the values' repr, or with --values the values). Any failure: exit 2, reason on stderr.
"""
import hashlib
import json
import re
import struct
import sys
import tarfile
import xml.etree.ElementTree as ET

TYPES = {'MS:1000521': 'f', 'MS:1000523': 'd', 'MS:1000519': 'i', 'IMS:1000141': 'i',
         'MS:1000522': 'q', 'IMS:1000142': 'q'}


class Invalid(Exception):
    pass


def local(tag):
    return tag.rsplit('}', 1)[-1]


def children(el, name):
    return [c for c in el if local(c.tag) == name]


def descendants(el, name):
    return [e for e in el.iter() if local(e.tag) == name]


def read_pair(xml_bytes, ibd, values):
    root = ET.fromstring(xml_bytes)
    if local(root.tag) != 'mzML':
        raise Invalid('root element is %s' % root.tag)
    groups = {}
    for g in descendants(root, 'referenceableParamGroup'):
        groups[g.get('id')] = {p.get('accession'): p.get('value') for p in children(g, 'cvParam')}

    def params(el):
        found = {}
        for ref in children(el, 'referenceableParamGroupRef'):
            found.update(groups[ref.get('ref')])
        for p in children(el, 'cvParam'):
            found[p.get('accession')] = p.get('value')
        return found

    content = params(descendants(root, 'fileContent')[0])
    uuid = re.sub(r'[{}\-\s]', '', content['IMS:1000080']).lower()
    if ibd[:16].hex() != uuid:
        raise Invalid('.ibd UUID %s, .imzML says %s' % (ibd[:16].hex(), uuid))
    for acc, algo in (('IMS:1000091', 'sha1'), ('IMS:1000090', 'md5')):
        if acc in content and hashlib.new(algo, ibd).hexdigest() != content[acc].lower():
            raise Invalid('%s of the .ibd is %s, .imzML says %s' % (algo, hashlib.new(algo, ibd).hexdigest(), content[acc]))
    mode = 'continuous' if 'IMS:1000030' in content else 'processed' if 'IMS:1000031' in content else None
    lists = descendants(root, 'spectrumList')
    if len(lists) != 1:
        raise Invalid('%d spectrum lists' % len(lists))
    spectra = children(lists[0], 'spectrum')
    if int(lists[0].get('count')) != len(spectra):
        raise Invalid('spectrumList count %s, %d spectra' % (lists[0].get('count'), len(spectra)))
    out = []
    shared = None
    for i, s in enumerate(spectra):
        if s.get('index') != str(i):
            raise Invalid('spectrum %d has index %s' % (i, s.get('index')))
        pos = params(s)
        for scan in descendants(s, 'scan'):
            pos.update(params(scan))
        rec = {'id': s.get('id'), 'x': int(pos['IMS:1000050']), 'y': int(pos['IMS:1000051'])}
        notes = [u.get('value') for u in children(s, 'userParam')]
        if notes:
            rec['notes'] = notes
        if 'IMS:1000052' in pos:
            rec['z'] = int(pos['IMS:1000052'])
        arrays = descendants(s, 'binaryDataArray')
        if len(arrays) != 2:
            raise Invalid('spectrum %d has %d arrays' % (i, len(arrays)))
        for a in arrays:
            p = params(a)
            kind = 'mz' if 'MS:1000514' in p else 'intensity' if 'MS:1000515' in p else None
            codes = [TYPES[k] for k in p if k in TYPES]
            if kind is None or kind in rec or len(codes) != 1:
                raise Invalid('spectrum %d: array kind %s, types %s' % (i, kind, codes))
            off, n, enc = int(p['IMS:1000102']), int(p['IMS:1000103']), int(p['IMS:1000104'])
            if enc != n * struct.calcsize(codes[0]):
                raise Invalid('spectrum %d: %s array of %d values has %d bytes' % (i, kind, n, enc))
            if n and (off < 16 or off + enc > len(ibd)):
                raise Invalid('spectrum %d: %s array [%d, %d) outside the .ibd (%d bytes)' % (i, kind, off, off + enc, len(ibd)))
            vals = struct.unpack_from('<%d%s' % (n, codes[0]), ibd, off) if n else ()
            if kind == 'mz' and mode == 'continuous':
                if shared is not None and shared != (off, enc):
                    raise Invalid('continuous file, but spectrum %d has its own m/z array' % i)
                shared = (off, enc)
            rec[kind] = list(vals) if values else hashlib.sha256(','.join(repr(v) for v in vals).encode()).hexdigest()
            rec[kind + 'Count'] = n
            rec[kind + 'Bytes'] = enc
        out.append(rec)
    return {'uuid': uuid, 'mode': mode, 'ibdSize': len(ibd), 'count': len(out), 'spectra': out}


def read_tar(path, values):
    members = {}
    with tarfile.open(path, mode='r|') as tar:
        for m in tar:
            if not m.isreg():
                raise Invalid('%s: member %s is not a regular file' % (path, m.name))
            members[m.name] = tar.extractfile(m).read()
    names = sorted(members)
    if len(names) != 2 or not names[0].endswith('.ibd') or names[1] != names[0][:-4] + '.imzML':
        raise Invalid('%s: members %s, expected NAME.ibd and NAME.imzML' % (path, names))
    doc = read_pair(members[names[1]], members[names[0]], values)
    doc['name'] = names[1][:-6]
    doc['file'] = path
    return doc


def main(argv):
    values = '--values' in argv
    try:
        for item in (a for a in argv if a != '--values'):
            if '=' in item:
                xml, ibd = item.split('=', 1)
                with open(xml, 'rb') as x, open(ibd, 'rb') as b:
                    doc = read_pair(x.read(), b.read(), values)
                doc['file'] = xml
                print(json.dumps(doc))
            else:
                print(json.dumps(read_tar(item, False)))
    except (Invalid, KeyError, ValueError, ET.ParseError, tarfile.TarError, struct.error) as e:
        print('imzml_check: %s: %s' % (type(e).__name__, e), file=sys.stderr)
        return 2
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
