// usage: node lazdump.cjs IN.las|IN.laz OUT.bin [IN2 OUT2 ...]
// Decodes every point record with laz-perf (LAZ) or reads it raw (LAS), writes the records, concatenated, to
// OUT.bin, and prints the header as the file states it (one JSON line per file): the independent reader of
// the lidar tests.
const fs = require('fs');
const createLazPerf = require('laz-perf').createLazPerf;
let L = null;
async function dump(fn, outFn) {
  const buf = fs.readFileSync(fn);
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (buf.toString('latin1', 0, 4) !== 'LASF') throw new Error('not LAS');
  const minor = buf[25], off = dv.getUint32(96, true), pf = buf[104], plen = dv.getUint16(105, true);
  const legacy = dv.getUint32(107, true);
  const count64 = minor >= 4 ? Number(dv.getBigUint64(247, true)) : 0;
  const legacyReturns = [0, 1, 2, 3, 4].map(i => dv.getUint32(111 + 4 * i, true));
  const returns = minor >= 4 ? [...Array(15).keys()].map(i => Number(dv.getBigUint64(255 + 8 * i, true))) : legacyReturns;
  const bounds = [179, 187, 195, 203, 211, 219].map(o => dv.getFloat64(o, true)); // maxX minX maxY minY maxZ minZ
  const vlrs = dv.getUint32(100, true);
  const scale = [131, 139, 147].map(o => dv.getFloat64(o, true)), offsets = [155, 163, 171].map(o => dv.getFloat64(o, true));
  const evlrs = minor >= 4 ? { start: Number(dv.getBigUint64(235, true)), count: dv.getUint32(243, true) } : null;
  const out = fs.openSync(outFn, 'w');
  let n = 0;
  if (pf & 0x80) {
    if (!L) L = await createLazPerf();
    const ptr = L._malloc(buf.length); L.HEAPU8.set(buf, ptr);
    const z = new L.LASZip(); z.open(ptr, buf.length);
    const cnt = z.getCount(), pl = z.getPointLength(); const pp = L._malloc(pl);
    const chunk = Buffer.alloc(pl * 4096); let used = 0;
    for (let i = 0; i < cnt; i++) {
      z.getPoint(pp); chunk.set(L.HEAPU8.subarray(pp, pp + pl), used); used += pl; n++;
      if (used === chunk.length) { fs.writeSync(out, chunk, 0, used); used = 0; }
    }
    if (used) fs.writeSync(out, chunk, 0, used);
    z.delete(); L._free(pp); L._free(ptr);
  } else {
    n = minor >= 4 && legacy === 0 ? count64 : legacy;
    if (off + n * plen > buf.length) throw new Error('point data cut short');
    fs.writeSync(out, buf, off, n * plen);
  }
  fs.closeSync(out);
  console.log(JSON.stringify({ version: '1.' + minor, pointFormat: pf & 0x3f, compressed: !!(pf & 0x80), pointLength: plen,
    points: n, legacyCount: legacy, count64, legacyReturns, returns, bounds, scale, offsets, vlrs, evlrs, offset: off }));
}
(async () => {
  const args = process.argv.slice(2);
  for (let i = 0; i + 1 < args.length; i += 2) await dump(args[i], args[i + 1]);
})().catch(e => { console.error('FAIL', e.message || e); process.exit(1); });
